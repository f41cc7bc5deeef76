/// <reference types="vitest/globals" />
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEMO_CREDENTIALS, SimulatorOptionError, startSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { API, closeAll, sim, signInPat } from './helpers.js';

afterEach(closeAll);

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('startSimulator', () => {
  it('listens on 127.0.0.1 and a free port by default, and exposes url, stats, expireAll, reset, close', async () => {
    const s = await sim();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(typeof s.stats).toBe('function');
    expect(typeof s.expireAll).toBe('function');
    expect(typeof s.reset).toBe('function');
    expect((await fetch(`${s.url}${API}/serverinfo`)).status).toBe(200);
  });

  it('accepts the documented demo credentials when none are configured', async () => {
    expect(DEMO_CREDENTIALS).toEqual({ pat: { name: 'demo-pat', secret: 'fake-pat-secret:with:colons' }, user: { name: 'demo-user', password: 'fake-password' } });
    const s = await sim();
    await expect(signInPat(s.url, DEMO_CREDENTIALS.pat)).resolves.toBeTruthy();
  });

  it('close() ends keep-alive connections, so clients see the server gone, and it is idempotent', async () => {
    const s = await startSimulator();
    // A keep-alive connection left open by fetch's pool.
    expect((await fetch(`${s.url}${API}/serverinfo`)).status).toBe(200);
    await s.close();
    await s.close();
    await expect(fetch(`${s.url}${API}/serverinfo`)).rejects.toThrow();
  });

  it('lets a Node process exit on its own after close(), even with keep-alive connections, through the package export', async () => {
    const script = `
      import { startSimulator } from 'eslint-plugin-tableau-rest/simulator';
      const sim = await startSimulator({ tokenTtlMs: 1000 });
      const r = await fetch(sim.url + '/api/3.22/serverinfo', { headers: { connection: 'keep-alive' } });
      await r.text();
      await sim.close();
      console.log('closed ' + r.status);
    `;
    // No process.exit in the script: it ends only if nothing is left open.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 15_000 });
    expect(stdout.trim()).toBe('closed 200');
  });

  it('rejects with a clear error naming the port when it is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startSimulator({ port })).rejects.toMatchObject({ code: 'EADDRINUSE', message: `port ${port} on 127.0.0.1 is already in use` });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each<[string, SimulatorOptions, RegExp]>([
    ['negative TTL', { tokenTtlMs: -1 }, /tokenTtlMs must be a positive number/],
    ['zero TTL', { tokenTtlMs: 0 }, /tokenTtlMs/],
    ['string TTL', { tokenTtlMs: '240m' as unknown as number }, /tokenTtlMs/],
    ['max age NaN', { tokenMaxAgeMs: Number.NaN }, /tokenMaxAgeMs/],
    ['unknown flavor', { flavor: 'online' as 'cloud' }, /flavor must be one of "server", "cloud"; got "online"/],
    ['cloud with the default site', { flavor: 'cloud', sites: ['', 'x'] }, /sites cannot include the default site/],
    ['no sites', { sites: [] }, /sites must name at least one site/],
    ['bad site content URL', { sites: ['has space'] }, /sites\[0\] must be a site content URL/],
    ['duplicate site', { sites: ['a', 'A'] }, /lists the site "a" twice/],
    ['PAT without secret', { pats: [{ name: 'p', secret: '' }] }, /pats\[0\]\.secret must be a non-empty string/],
    ['duplicate PAT', { pats: [{ name: 'p', secret: 'fake-1' }, { name: 'p', secret: 'fake-2' }] }, /PAT name "p" twice/],
    ['user without name', { users: [{ name: '', password: 'fake' }] }, /users\[0\]\.name/],
    ['expired code', { expiredCode: '401001' as '401000' }, /expiredCode/],
    ['foreign site status', { foreignSiteStatus: 404 as 403 }, /foreignSiteStatus must be one of 403, 401; got 404/],
    ['fail rate above 1', { failRate: 1.5 }, /failRate must be a probability from 0 to 1; got 1.5/],
    ['drop rate negative', { dropRate: -0.1 }, /dropRate/],
    ['fail status 404', { failStatus: 404 }, /failStatus/],
    ['fail status 501', { failStatus: 501 }, /failStatus must be one of 500, 502, 503, 504/],
    ['rate limit 0', { rateLimit: { limit: 0, windowMs: 1000 } }, /rateLimit\.limit/],
    ['rate limit without window', { rateLimit: { limit: 5 } as never }, /rateLimit\.windowMs is required/],
    ['latency negative', { latencyMs: -5 }, /latencyMs/],
    ['latency over the timer limit', { latencyMs: 2 ** 31 }, /latencyMs must be at most 2147483647 ms \(about 24\.9 days, the longest a timer can wait\); got 2147483648/],
    ['latency infinite', { latencyMs: Number.POSITIVE_INFINITY }, /latencyMs/],
    ['port out of range', { port: 70_000 }, /port must be a whole number from 0 to 65535/],
    ['redirect mode', { signinRedirect: 'sometimes' as 'always' }, /signinRedirect/],
    ['random not a function', { random: 0.5 as unknown as () => number }, /random must be a function/],
    ['unknown option', { tokenTTL: 5 } as SimulatorOptions, /tokenTTL is not a known option/],
  ])('rejects %s with SimulatorOptionError', async (_name, options, message) => {
    const attempt = startSimulator(options);
    await expect(attempt).rejects.toBeInstanceOf(SimulatorOptionError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('never puts a configured secret into an option error', async () => {
    const error = await startSimulator({ pats: [{ name: 'p', secret: 'fake-secret-1' }, { name: 'p', secret: 'fake-secret-2' }] }).catch((e: Error) => e);
    expect(String((error as Error).message)).not.toMatch(/fake-secret/);
  });
});
