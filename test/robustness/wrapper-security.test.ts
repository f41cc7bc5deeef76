/// <reference types="vitest/globals" />
// Issue 8, security of the generated code: the GENERATED wrapper, run by a user's script in a child process.
// - http:// servers other than loopback are refused unless allowInsecure (a TableauConfigError naming the option);
//   with allowInsecure an `insecure` event says so;
// - the token goes only to `server`: a redirect to another origin drops it (asserted on what that origin received),
//   and only a redirected sign-in moves `server`;
// - no token or secret in any error, event or log line (every run is scanned).
import { siteLuid } from '../../src/simulator/index.js';
import { startProxy } from '../session/helpers.js';
import {
  API,
  expectCleanRun,
  outcomesOf,
  patCredentials,
  runDriver,
  startRecorder,
  startSim,
  wrapperProject,
  type ResponseOutcome,
} from './helpers.js';

const SITE = siteLuid('');
let dir: string;
beforeAll(() => {
  dir = wrapperProject();
});

const options = (server: string, extra: Record<string, unknown> = {}) => ({ server, apiVersion: API, credentials: patCredentials(), ...extra });

describe('https only, except loopback or allowInsecure', () => {
  const refused = ['http://tableau.example.com', 'http://10.0.0.1:8000', 'http://0.0.0.0:8000', 'http://127.0.0.1.example.com', 'http://localhost.example.com', 'ftp://tableau.example.com'];
  const allowed = ['https://tableau.example.com', 'http://localhost:8000', 'http://127.0.0.2:8000', 'http://[::1]:8000', 'http://dev.localhost:8000'];

  it('refuses a non-loopback http: server with a TableauConfigError naming the option, and accepts loopback', async () => {
    const sessions = Object.fromEntries([...refused, ...allowed].map((server) => [server, options(server)]));
    const result = await runDriver(dir, { sessions, steps: [...refused, ...allowed].map((server) => ({ create: server })) });
    expectCleanRun(result);
    const [httpHost, ...otherRefused] = result.results.slice(0, refused.length) as { error: Record<string, unknown> }[];
    expect(httpHost?.error).toMatchObject({
      class: 'TableauConfigError',
      option: 'server',
      message:
        'Tableau session: server must be https: (http://tableau.example.com would send credentials and tokens in clear); set allowInsecure: true to accept it',
    });
    for (const outcome of otherRefused) expect(outcome.error).toMatchObject({ class: 'TableauConfigError', option: 'server' });
    expect(result.results.slice(refused.length)).toEqual(allowed.map(() => ({ ok: true })));
    expect(result.events).toEqual([]);
  });

  it('with allowInsecure: an `insecure` event names the origin (and only that)', async () => {
    const result = await runDriver(dir, {
      sessions: { insecure: options('http://tableau.example.com/tableau', { allowInsecure: true }), local: options('http://localhost:8000', { allowInsecure: true }) },
      steps: [{ create: 'insecure' }, { create: 'local' }],
    });
    expectCleanRun(result);
    expect(result.results).toEqual([{ ok: true }, { ok: true }]);
    expect(result.events).toEqual([{ session: 'insecure', type: 'insecure', server: 'http://tableau.example.com' }]);
  });

  it('never re-POSTs credentials to a non-https origin a sign-in is redirected to', async () => {
    const sim = await startSim();
    sim.fault = (r) => (r.endpoint === 'auth/signin' ? { kind: 'redirect', status: 301, location: `http://tableau.invalid/api/${API}/auth/signin` } : undefined);
    const result = await runDriver(dir, { sessions: { main: options(sim.url) }, steps: [{ signIn: 'main' }, { signIn: 'main' }] });
    expectCleanRun(result, JSON.stringify(sim.log));
    for (const outcome of result.results) {
      expect(outcome).toMatchObject({
        error: {
          class: 'TableauConfigError',
          option: 'allowInsecure',
          message: 'Tableau session: allowInsecure is not set, and the sign-in was redirected to http://tableau.invalid, which is not https: refusing to send credentials there',
        },
      });
    }
    expect(result.server).toEqual({ main: sim.url });
  });
});

describe('the token goes only to server', () => {
  it('a redirect to another origin is followed without X-Tableau-Auth, Authorization or Cookie, and does not move server', async () => {
    const sim = await startSim();
    const elsewhere = await startRecorder();
    sim.fault = (r) => {
      if (r.path.endsWith('/away')) return { kind: 'redirect', status: 302, location: `${elsewhere.url}/landing` };
      if (r.path.endsWith('/away-post')) return { kind: 'redirect', status: 307, location: `${elsewhere.url}/landing-post` };
      // The same simulator under its other loopback name is another origin too.
      if (r.path.endsWith('/to-localhost')) return { kind: 'redirect', status: 307, location: `http://localhost:${sim.port}/api/${API}/sites/${SITE}/projects` };
      return undefined;
    };
    const legacyHeaders = { 'x-tableau-auth': 'stale-token-from-legacy-code', authorization: 'Bearer fake-not-real', cookie: 'workgroup_session_id=fake', 'x-trace': 'kept' };
    const result = await runDriver(dir, {
      sessions: { main: options(sim.url) },
      steps: [
        {
          requests: [
            { url: sim.api('/away'), headers: legacyHeaders },
            { url: sim.api('/away-post'), method: 'POST', body: '{"fake":"payload"}', headers: { ...legacyHeaders, 'content-type': 'application/json' } },
          ],
        },
        { requests: [{ url: sim.api('/to-localhost') }] },
        { requests: [{ url: sim.api(`/sites/${SITE}/projects`) }] },
      ],
    });
    expectCleanRun(result, JSON.stringify(sim.log));
    expect((outcomesOf(result, 0) as ResponseOutcome[]).map((o) => o.status)).toEqual([200, 200]);
    expect(elsewhere.received).toHaveLength(2);
    for (const headers of elsewhere.received) {
      expect(headers['x-trace']).toBe('kept');
      for (const name of ['x-tableau-auth', 'authorization', 'cookie']) expect(headers).not.toHaveProperty(name);
    }
    // The simulator under `localhost` got the request without a token: its 401 (no token) goes to the caller as it
    // is, with no re-sign-in, since it came from another origin.
    expect(outcomesOf(result, 1)).toEqual([expect.objectContaining({ status: 401, body: expect.stringContaining('401000') })]);
    expect(sim.log.filter((e) => e.status === 401).map((e) => e.reason)).toEqual([expect.stringMatching(/^no token/)]);
    expect((outcomesOf(result, 2) as ResponseOutcome[])[0]?.status).toBe(200);
    expect(result.server).toEqual({ main: sim.url });
    expect(sim.stats()).toMatchObject({ signIns: 1 });
  });

  it('a redirected sign-in moves server: afterwards the old origin receives nothing, the new one gets the token', async () => {
    const sim = await startSim();
    const configured = await startProxy(sim.url);
    const pod = await startProxy(sim.url);
    configured.redirect = (req) => (req.url?.endsWith('/auth/signin') ? { status: 301, location: `${pod.url}${req.url}` } : undefined);
    const result = await runDriver(dir, {
      sessions: { main: options(configured.url) },
      // URLs built from the configured server, as legacy code builds them.
      steps: [{ signIn: 'main' }, { requests: [{ url: `${configured.url}/api/${API}/sites/${SITE}/projects` }, { url: `${configured.url}/api/${API}/sites/${SITE}/workbooks` }] }],
    });
    expectCleanRun(result, JSON.stringify(sim.log));
    expect(result.server).toEqual({ main: pod.url });
    expect(result.events.filter((e) => e.type === 'signIn')).toEqual([expect.objectContaining({ ok: true, movedTo: pod.url })]);
    expect((outcomesOf(result, 1) as ResponseOutcome[]).map((o) => o.status)).toEqual([200, 200]);
    expect(configured.seen).toEqual([{ method: 'POST', url: `/api/${API}/auth/signin`, auth: false }]);
    expect(pod.seen.map((r) => `${r.method} ${r.url.split('/').pop() ?? ''} ${r.auth}`).sort()).toEqual(['GET projects true', 'GET workbooks true', 'POST signin false']);
    expect(sim.stats().signIns).toBe(1);
  });
});
