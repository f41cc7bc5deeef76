/// <reference types="vitest/globals" />
// The `simulate` verb, run as users run it: the BUILT cli as a child process (`npm test` builds first; alone, run
// `npm run build` before this file).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { simulateVerb, toOptions } from '../../src/cli/simulate.js';
import { UsageError } from '../../src/cli/errors.js';
import { API, DEMO_PAT } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  firstLine: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcessWithoutNullStreams[] = [];

function start(args: string[]): Running {
  const child = spawn(process.execPath, [cli, 'simulate', ...args], { cwd: root });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on('exit', () => reject(new Error(`exited before its first line; stderr: ${err}`)));
  });
  firstLine.catch(() => undefined);
  child.stderr.on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, firstLine, exit };
}

async function runToEnd(args: string[]) {
  const r = start(args);
  const { code } = await r.exit;
  return { code, stdout: r.stdout(), stderr: r.stderr() };
}

const urlOf = (line: string) => line.replace('Tableau simulator listening on ', '');

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm test does)`);
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('tableau-rest simulate (child process)', () => {
  it('prints the listening line first, logs each request without token or secret, and exits 0 on SIGTERM', async () => {
    const r = start(['--port', '0', '--token-ttl', '300ms']);
    const first = await r.firstLine;
    expect(first).toMatch(/^Tableau simulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = urlOf(first);

    const signin = await fetch(`${url}${API}/auth/signin`, {
      method: 'POST',
      body: JSON.stringify({ credentials: { personalAccessTokenName: DEMO_PAT.name, personalAccessTokenSecret: DEMO_PAT.secret, site: { contentUrl: '' } } }),
      headers: { accept: 'application/json' },
    });
    const token = ((await signin.json()) as { credentials: { token: string; site: { id: string } } }).credentials.token;
    expect((await fetch(`${url}/__sim/expire`, { method: 'POST' })).status).toBe(204);
    const expired = await fetch(`${url}${API}/sessions/current`, { headers: { 'x-tableau-auth': token } });
    expect(expired.status).toBe(401);
    await vi.waitFor(() => expect(r.stdout()).toMatch(/sessions\/current 401/));

    const lines = r.stdout().trimEnd().split('\n');
    expect(lines[0]).toBe(first);
    expect(lines[1]).toMatch(/^\S+Z POST \/api\/3\.22\/auth\/signin 200 - \d+ms$/);
    expect(lines[2]).toMatch(/^\S+Z POST \/__sim\/expire 204 - \d+ms$/);
    expect(lines[3]).toMatch(/^\S+Z GET \/api\/3\.22\/sessions\/current 401 401002 \d+ms \(token expired \(all sessions were expired on purpose\)\)$/);
    const everything = r.stdout() + r.stderr();
    for (const secret of [token, ...token.split('|').slice(0, 2), DEMO_PAT.secret, 'fake-password']) expect(everything).not.toContain(secret);

    r.child.kill('SIGTERM');
    expect(await r.exit).toEqual({ code: 0, signal: null });
    expect(r.stderr()).toMatch(/stopping \(SIGTERM\)/);
  });

  it('exits 0 on SIGINT too, with its configured credentials named (never their secrets) on stderr', async () => {
    const r = start(['--pat', 'ci-bot:fake-secret:with:colons', '--user', 'alice:fake-pw', '--site', 'finance', '--flavor', 'cloud']);
    const url = urlOf(await r.firstLine);
    const res = await fetch(`${url}${API}/auth/signin`, {
      method: 'POST',
      body: `<tsRequest><credentials personalAccessTokenName="ci-bot" personalAccessTokenSecret="fake-secret:with:colons"><site contentUrl="finance"/></credentials></tsRequest>`,
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(r.stdout()).toMatch(/auth\/signin 200/));
    r.child.kill('SIGINT');
    expect((await r.exit).code).toBe(0);
    expect(r.stderr()).toContain('PAT "ci-bot"');
    expect(r.stderr()).toContain('sessions end after 120m idle');
    expect(r.stdout() + r.stderr()).not.toContain('fake-secret');
    expect(r.stdout() + r.stderr()).not.toContain('fake-pw');
  });

  it('applies fault flags: --rate-limit with --no-retry-after', async () => {
    const r = start(['--rate-limit', '1/1m', '--no-retry-after', '--quiet']);
    const url = urlOf(await r.firstLine);
    expect((await fetch(`${url}${API}/serverinfo`)).status).toBe(200);
    const limited = await fetch(`${url}${API}/serverinfo`);
    expect(limited.status).toBe(429);
    expect(limited.headers.has('retry-after')).toBe(false);
    expect(await limited.text()).toContain('Please retry after');
    r.child.kill('SIGTERM');
    await r.exit;
    expect(r.stdout().trim().split('\n')).toHaveLength(1);
  });

  it('refuses a bare-number duration with exit 2 and one clear line', async () => {
    const { code, stdout, stderr } = await runToEnd(['--token-ttl', '300']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/--token-ttl expects a duration with a unit .*got "300"/);
  });

  it('refuses a --latency beyond what a timer can wait (2147483647 ms) with exit 2, instead of answering at once', async () => {
    for (const latency of ['2147483648ms', '597h']) {
      const r = start(['--latency', latency]);
      const outcome = await r.firstLine.then(
        () => 'listening' as const,
        async () => (await r.exit).code,
      );
      r.child.kill('SIGKILL');
      expect(outcome, `--latency ${latency}`).toBe(2);
      expect(r.stdout()).toBe('');
      expect(r.stderr().trim().split('\n')).toHaveLength(1);
      expect(r.stderr()).toMatch(/--latency must be at most 2147483647ms \(about 24\.9 days\)/);
      expect(r.stderr()).not.toMatch(/TimeoutOverflowWarning/);
    }
  });

  it('refuses an unknown flag with exit 2', async () => {
    const { code, stderr } = await runToEnd(['--token-tll', '5m']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/Unknown option '--token-tll'/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a port in use with exit 2, naming the port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stdout, stderr } = await runToEnd(['--port', String(port)]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim()).toBe(`tableau-rest: simulate: port ${port} on 127.0.0.1 is already in use; choose another --port (--port 0 picks a free one)`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('--help lists every flag and the demo credentials', async () => {
    const { code, stdout } = await runToEnd(['--help']);
    expect(code).toBe(0);
    const flags = ['--port', '--host', '--flavor', '--token-ttl', '--token-max-age', '--expired-code', '--pat', '--user', '--site', '--foreign-site-status', '--allow-content-url-in-path', '--signin-redirect', '--signin-redirect-always', '--rate-limit', '--no-retry-after', '--fail-rate', '--fail-status', '--fail-body', '--signin-fail-rate', '--garbage-rate', '--drop-rate', '--latency', '--seed', '--quiet'];
    for (const flag of flags) expect(stdout).toMatch(new RegExp(`^  ${flag}\\b`, 'm'));
    // ...and nothing the parser accepts is missing from that list.
    expect(simulateVerb.usage.match(/^ {2}--[a-z-]+/gm)?.map((f) => f.trim()).sort()).toEqual([...flags].sort());
    expect(stdout).toContain('demo-pat / fake-pat-secret:with:colons');
    expect(stdout).toContain('demo-user / fake-password');
  });
});

describe('simulate flags (parsed in-process)', () => {
  it('maps every flag onto the library options', () => {
    expect(
      toOptions([
        '--port', '8900', '--host', '0.0.0.0', '--flavor', 'cloud', '--token-ttl', '30s', '--token-max-age', '2h', '--expired-code', '401000',
        '--pat', 'a:fake:s:1', '--pat', 'b:fake-2', '--user', 'u:fake-pw', '--site', 'x', '--site', 'y', '--foreign-site-status', '401',
        '--allow-content-url-in-path', '--signin-redirect', '--rate-limit', '100/1m', '--no-retry-after', '--fail-rate', '0.25',
        '--fail-status', '503', '--fail-body', 'html', '--signin-fail-rate', '0.1', '--garbage-rate', '0.05', '--drop-rate', '0.2',
        '--latency', '250ms', '--seed', '7', '--quiet',
      ]),
    ).toEqual({
      port: 8900,
      host: '0.0.0.0',
      flavor: 'cloud',
      tokenTtlMs: 30_000,
      tokenMaxAgeMs: 7_200_000,
      expiredCode: '401000',
      pats: [{ name: 'a', secret: 'fake:s:1' }, { name: 'b', secret: 'fake-2' }],
      users: [{ name: 'u', password: 'fake-pw' }],
      sites: ['x', 'y'],
      foreignSiteStatus: 401,
      allowContentUrlInPath: true,
      signinRedirect: 'first',
      rateLimit: { limit: 100, windowMs: 60_000, retryAfterHeader: false },
      failRate: 0.25,
      failStatus: 503,
      failBody: 'html',
      signinFailRate: 0.1,
      garbageRate: 0.05,
      dropRate: 0.2,
      latencyMs: 250,
      seed: 7,
      quiet: true,
    });
    expect(toOptions([])).toEqual({});
    expect(toOptions(['--site', ''])).toEqual({ sites: [''] });
    expect(toOptions(['--signin-redirect-always'])).toEqual({ signinRedirect: 'always' });
    expect(toOptions(['--latency', '2147483647ms'])).toEqual({ latencyMs: 2_147_483_647 });
  });

  it.each([
    [['--token-ttl', '5'], /--token-ttl expects a duration with a unit/],
    [['--token-ttl', '0ms'], /--token-ttl must be longer than 0/],
    [['--latency', '1.5'], /--latency expects a duration/],
    [['--latency', '2147483648ms'], /^simulate: --latency must be at most 2147483647ms \(about 24\.9 days\); got "2147483648ms"$/],
    [['--token-max-age', 'forever'], /--token-max-age expects a duration/],
    [['--port=-1'], /--port expects a whole number from 0 to 65535/],
    [['--port', '-1'], /^simulate: Option '--port' argument is ambiguous\. [^\n]+$/],
    [['--port', '99999'], /--port/],
    [['--flavor', 'online'], /--flavor expects server or cloud; got "online"/],
    [['--expired-code', '401001'], /--expired-code expects 401002 or 401000/],
    [['--foreign-site-status', '404'], /--foreign-site-status expects 403 or 401/],
    [['--rate-limit', '100'], /--rate-limit expects N\/DURATION/],
    [['--rate-limit', '0/1m'], /--rate-limit expects N\/DURATION with N at least 1/],
    [['--rate-limit', '10/60'], /--rate-limit window expects a duration with a unit/],
    [['--no-retry-after'], /--no-retry-after only applies with --rate-limit/],
    [['--fail-rate', '2'], /--fail-rate expects a number from 0 to 1/],
    [['--fail-rate', '0.5', '--fail-status', '404'], /--fail-status expects 500 or 502 or 503 or 504/],
    [['--fail-status', '503'], /--fail-status and --fail-body only apply with --fail-rate/],
    [['--fail-rate', '1', '--fail-body', 'json'], /--fail-body expects mixed or html or tableau/],
    [['--drop-rate', 'often'], /--drop-rate expects a number from 0 to 1/],
    [['--seed', 'abc'], /--seed expects a whole number/],
    [['--signin-redirect', '--signin-redirect-always'], /either --signin-redirect/],
    [['--pat', 'no-colon-fake-secret'], /--pat expects NAME:SECRET/],
    [['--pat', ':fake-secret'], /--pat expects NAME:SECRET/],
    [['--user', 'alice:'], /--user expects NAME:PASSWORD/],
    [['--host', ''], /--host expects/],
    [['extra'], /unexpected argument "extra"/],
    [['--port'], /--port/],
  ])('refuses %j with a UsageError', (argv, message) => {
    expect(() => toOptions(argv)).toThrow(UsageError);
    expect(() => toOptions(argv)).toThrow(message);
  });

  it('refuses durations too long to be a number (400 digits) with the flag named', () => {
    const huge = '9'.repeat(400);
    const cases: [string[], RegExp][] = [
      [['--latency', `${huge}s`], /^simulate: --latency must be at most 2147483647ms/],
      [['--token-ttl', `${huge}h`], /^simulate: --token-ttl is too long; got "9+h"$/],
      [['--token-max-age', `${huge}m`], /^simulate: --token-max-age is too long/],
      [['--rate-limit', `5/${huge}h`], /^simulate: --rate-limit window is too long/],
    ];
    for (const [argv, message] of cases) {
      expect(() => toOptions(argv)).toThrow(UsageError);
      expect(() => toOptions(argv)).toThrow(message);
    }
  });

  it('never repeats a secret from --pat or --user in an error', () => {
    for (const argv of [['--pat', 'fake-secret-no-colon'], ['--user', 'fake-password-no-colon']]) {
      expect(() => toOptions(argv)).toThrow(UsageError);
      try {
        toOptions(argv);
      } catch (error) {
        expect((error as Error).message).not.toContain('fake-');
      }
    }
  });

  it('turns library option errors into flag errors (cloud with the default site; a PAT listed twice)', async () => {
    await expect(simulateVerb.run(['--flavor', 'cloud', '--site', ''])).rejects.toThrow(/^simulate: --site cannot include the default site "" with flavor "cloud"/);
    const twice = simulateVerb.run(['--pat', 'p:fake-one', '--pat', 'p:fake-two']);
    await expect(twice).rejects.toThrow(/^simulate: --pat lists the PAT name "p" twice$/);
  });
});
