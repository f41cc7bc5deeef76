/// <reference types="vitest/globals" />
// session.fetch against the simulator over real HTTP: every behaviour of issue 4's proof list and issue 8's wrapper
// bullets. The wrapper is imported from its source (the TypeScript variant's body is that file, byte for byte);
// variants.test.ts runs the generated TS, ESM and CJS files themselves.
import { Readable } from 'node:stream';
import nodeFetch from 'node-fetch';
import { siteLuid } from '../../src/simulator/index.js';
import {
  createTableauSession,
  TableauAuthError,
  TableauConfigError,
  TableauTimeoutError,
  type TableauSessionEvent,
  type TableauSessionOptions,
} from '../../src/session/wrapper/tableau-session.js';
import { API, fakeJwt, PAT, patCredentials, secretsIn, startProxy, startRecorder, startSim, startStubTableau, USER, type TestSimulator } from './helpers.js';

const DEFAULT_SITE = siteLuid('');
const projects = (sim: { api(path: string): string }, site = DEFAULT_SITE) => sim.api(`/sites/${site}/projects`);

function session(sim: TestSimulator, options: Partial<TableauSessionOptions> = {}) {
  const events: TableauSessionEvent[] = [];
  const s = createTableauSession({
    server: sim.url,
    apiVersion: API,
    credentials: patCredentials(),
    maxBackoffMs: 20,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return Object.assign(s, { events });
}

const ofType = <T extends TableauSessionEvent['type']>(events: TableauSessionEvent[], type: T) =>
  events.filter((event): event is Extract<TableauSessionEvent, { type: T }> => event.type === type);

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got a value');
}

describe('signing in and expiry', () => {
  it('signs in on first use and reuses the token', async () => {
    const sim = await startSim();
    const s = session(sim);
    for (let i = 0; i < 3; i++) expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(sim.stats().signIns).toBe(1);
    expect(s.siteId).toBe(DEFAULT_SITE);
    expect(s.userId).toEqual(expect.any(String));
    expect(ofType(s.events, 'signIn')).toMatchObject([{ reason: 'initial', ok: true, method: 'POST', path: `/api/${API}/auth/signin` }]);
  });

  it.each([
    ['XML', undefined, '401002'],
    ['JSON', 'application/json', '401002'],
    ['XML', undefined, '401000'],
    ['JSON', 'application/json', '401000'],
  ] as const)('survives expiry mid-job (%s answers, %s)', async (_format, accept, expiredCode) => {
    const sim = await startSim({ expiredCode });
    const s = session(sim);
    const headers = accept ? { accept } : undefined;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      if (i === 3) sim.expireAll();
      const res = await s.fetch(projects(sim), { headers });
      statuses.push(res.status);
      const body = await res.text();
      expect(body.startsWith(accept ? '{' : '<')).toBe(true);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
    expect(ofType(s.events, 'reauth')).toMatchObject([{ status: 401, code: expiredCode, method: 'GET', attempt: 1 }]);
    expect(ofType(s.events, 'signIn').map((e) => e.reason)).toEqual(['initial', 'expired']);
  });

  it('signs in again before an idle session would expire (sessionTtlMs - refreshMarginMs)', async () => {
    const sim = await startSim();
    const s = session(sim, { sessionTtlMs: 400, refreshMarginMs: 200 });
    expect((await s.fetch(projects(sim))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 0 });
    expect(ofType(s.events, 'signIn').map((e) => e.reason)).toEqual(['initial', 'idle']);
  });

  it('50 concurrent requests after expiry cause exactly one re-sign-in, and all succeed', async () => {
    const sim = await startSim();
    const s = session(sim);
    await s.signIn();
    sim.expireAll();
    const responses = await Promise.all(Array.from({ length: 50 }, () => s.fetch(projects(sim))));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(sim.stats().signIns).toBe(2);
    expect(sim.stats().unauthorized).toBe(50);
    expect(ofType(s.events, 'signIn').filter((e) => e.reason === 'expired')).toHaveLength(1);
  });

  it('a late 401 from an older token replays with the new token and starts no second sign-in', async () => {
    const sim = await startSim();
    const proxy = await startProxy(sim.url);
    const s = session(sim, { server: proxy.url });
    await s.signIn();
    const oldToken = s.token;
    sim.expireAll();

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    proxy.hold = (req) => (req.url?.includes('slow=1') && held++ === 0 ? released : undefined);
    const late = s.fetch(`${proxy.url}/api/${API}/sites/${DEFAULT_SITE}/projects?slow=1`);
    // Wait until the simulator has answered the slow request 401 (the proxy is holding that answer).
    await vi.waitFor(() => expect(sim.log.some((e) => e.status === 401 && e.path.endsWith('/projects'))).toBe(true));

    const early = await s.fetch(`${proxy.url}/api/${API}/sites/${DEFAULT_SITE}/projects`);
    expect(early.status).toBe(200);
    expect(s.token).not.toBe(oldToken);
    release();
    expect((await late).status).toBe(200);
    expect(sim.stats().signIns).toBe(2);
    expect(sim.stats().unauthorized).toBe(2);
    expect(ofType(s.events, 'reauth')).toHaveLength(2);
  });
});

describe('what is never retried or re-signed-in', () => {
  it('rejects bad credentials with TableauAuthError, no second attempt and no secret in the error', async () => {
    const sim = await startSim();
    const s = session(sim, {
      credentials: { personalAccessTokenName: PAT.name, personalAccessTokenSecret: `${PAT.secret}-wrong`, site: { contentUrl: '' } },
    });
    const error = await rejection(s.fetch(projects(sim)));
    expect(error).toBeInstanceOf(TableauAuthError);
    expect(error).toMatchObject({ code: '401001', status: 401 });
    expect(error.message).toContain(`PAT "${PAT.name}"`);
    expect(secretsIn(`${error.message} ${error.stack} ${JSON.stringify(error)}`)).toEqual([]);
    expect(error.message).not.toContain('-wrong');
    // A second request gets the same answer without another sign-in (no account lockout, no loop).
    const again = await rejection(s.fetch(projects(sim)));
    expect(again).toBeInstanceOf(TableauAuthError);
    expect(sim.stats()).toMatchObject({ failedSignIns: 1, signIns: 0, requests: 1 });
  });

  it('rejects a bad password without putting the password into the message', async () => {
    const sim = await startSim();
    const s = session(sim, { credentials: { name: USER.name, password: 'fake-wrong-password-123' } });
    const error = await rejection(s.signIn());
    expect(error).toBeInstanceOf(TableauAuthError);
    expect(error.message).not.toContain('fake-wrong-password-123');
    expect(sim.stats().failedSignIns).toBe(1);
  });

  it('replays a request at most once: a second 401 goes to the caller', async () => {
    const sim = await startSim();
    let gets = 0;
    sim.fault = (r) => (r.method === 'GET' ? (gets++, { kind: 'status', status: 401, body: 'tableau' }) : undefined);
    const s = session(sim);
    const res = await s.fetch(projects(sim));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('401000');
    expect(gets).toBe(2);
    expect(sim.stats().signIns).toBe(2);
    expect(ofType(s.events, 'reauth')).toHaveLength(1);
  });

  it('passes a 400 through with no sign-in and no retry', async () => {
    const sim = await startSim();
    const s = session(sim);
    await s.signIn();
    const res = await s.fetch(projects(sim), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ project: { description: 'no name' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^400/);
    expect(sim.stats()).toMatchObject({ signIns: 1, requests: 2 });
    expect(s.events.filter((e) => e.type === 'reauth' || e.type === 'retry')).toEqual([]);
  });

  it('passes a 403 for a foreign site through, without re-sign-in', async () => {
    const sim = await startSim();
    const s = session(sim);
    const res = await s.fetch(projects(sim, siteLuid('finance')));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<error code="403');
    expect(sim.stats()).toMatchObject({ signIns: 1, forbidden: 1, requests: 2 });
  });

  it('passes 404 and 405 through without retrying (even for idempotent methods)', async () => {
    const sim = await startSim();
    const s = session(sim);
    expect((await s.fetch(`${projects(sim)}/no-such-project`)).status).toBe(404);
    expect((await s.fetch(projects(sim), { method: 'DELETE' })).status).toBe(405);
    expect(sim.stats()).toMatchObject({ signIns: 1, requests: 3 });
  });

  it('never replays a stream body: the 401 goes to the caller, and the next request finds a fresh session', async () => {
    const sim = await startSim();
    const s = session(sim);
    await s.signIn();
    sim.expireAll();
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ project: { name: 'streamed' } })));
        controller.close();
      },
    });
    const res = await s.fetch(projects(sim), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(401);
    await vi.waitFor(() => expect(sim.stats().signIns).toBe(2));
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
  });
});

describe('transport retries (idempotent requests only, bounded)', () => {
  it('honours Retry-After on a 429, and the "retry after N seconds" detail when there is no header', async () => {
    for (const header of [true, false]) {
      const sim = await startSim();
      let gets = 0;
      sim.fault = (r) => (r.method === 'GET' && gets++ === 0 ? { kind: 'rateLimit', retryAfterSeconds: 1, header } : undefined);
      const s = session(sim, { maxBackoffMs: 5000 });
      expect((await s.fetch(projects(sim))).status).toBe(200);
      expect(gets).toBe(2);
      expect(ofType(s.events, 'retry')).toEqual([
        expect.objectContaining({ status: 429, code: '429000', attempt: 1, delayMs: 1000, method: 'GET' }),
      ]);
    }
  });

  it('returns a 429 that asks for 29 minutes at once', async () => {
    const sim = await startSim();
    sim.fault = (r) => (r.method === 'GET' ? { kind: 'rateLimit', retryAfterSeconds: 29 * 60 } : undefined);
    const s = session(sim);
    const res = await s.fetch(projects(sim));
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('retry after 29 minutes');
    expect(sim.count('GET', '/projects')).toBe(1);
    expect(ofType(s.events, 'retry')).toEqual([]);
  });

  it('bounds a 429 storm by maxRetries and hands the last 429 back', async () => {
    const sim = await startSim();
    sim.fault = (r) => (r.method === 'GET' ? { kind: 'rateLimit', retryAfterSeconds: 1, header: true } : undefined);
    const s = session(sim, { maxRetries: 1, maxBackoffMs: 5000 });
    const res = await s.fetch(projects(sim));
    expect(res.status).toBe(429);
    expect(sim.count('GET', '/projects')).toBe(2);
  });

  it('retries a 5xx with an HTML body on GET, never on POST', async () => {
    const sim = await startSim();
    let gets = 0;
    sim.fault = (r) => {
      if (r.endpoint === 'auth/signin') return undefined;
      if (r.method === 'GET') return gets++ === 0 ? { kind: 'status', status: 503, body: 'html' } : undefined;
      return { kind: 'status', status: 500, body: 'html' };
    };
    const s = session(sim);
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(ofType(s.events, 'retry')).toMatchObject([{ status: 503, attempt: 1, method: 'GET' }]);
    const post = await s.fetch(projects(sim), { method: 'POST', body: '<tsRequest><project name="x"/></tsRequest>' });
    expect(post.status).toBe(500);
    expect(await post.text()).toMatch(/<html/i);
    expect(sim.count('POST', '/projects')).toBe(1);
  });

  it('bounds a 5xx storm: 1 + maxRetries attempts, then the last Response', async () => {
    const sim = await startSim();
    sim.fault = (r) => (r.method === 'GET' ? { kind: 'status', status: 500, body: 'html' } : undefined);
    const s = session(sim);
    const res = await s.fetch(projects(sim));
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/<html/i);
    expect(sim.count('GET', '/projects')).toBe(4);
    expect(ofType(s.events, 'retry').map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(sim.stats().signIns).toBe(1);
  });

  it('retries a connection reset on GET; a reset POST rejects without a retry', async () => {
    const sim = await startSim();
    let gets = 0;
    sim.fault = (r) => {
      if (r.endpoint === 'auth/signin') return undefined;
      if (r.method === 'GET') return gets++ === 0 ? { kind: 'drop' } : undefined;
      return { kind: 'drop' };
    };
    const s = session(sim);
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(ofType(s.events, 'retry')).toMatchObject([{ attempt: 1, method: 'GET', error: expect.stringContaining('TypeError') }]);
    const error = await rejection(s.fetch(projects(sim), { method: 'POST', body: '<tsRequest><project name="x"/></tsRequest>' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(sim.count('POST', '/projects')).toBe(1);
  });

  it('a fetch option that throws at once, or answers without a promise, is treated as fetch: thrown errors retried on GET', async () => {
    const sim = await startSim();
    let calls = 0;
    let throwNext = false;
    const s = session(sim, {
      fetch: ((input: string, init: RequestInit) => {
        calls++;
        if (throwNext) {
          throwNext = false;
          throw new TypeError('fetch failed at once');
        }
        // The sign-in goes to the simulator; the API requests are answered at once, with no promise.
        return String(input).includes('/auth/') ? fetch(input, init) : new Response('{}', { status: 200 });
      }) as typeof fetch,
    });
    await s.signIn();
    expect((await s.fetch(projects(sim))).status).toBe(200);
    throwNext = true;
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(ofType(s.events, 'retry')).toMatchObject([{ attempt: 1, method: 'GET', error: expect.stringContaining('fetch failed at once') }]);
    throwNext = true;
    await expect(s.fetch(projects(sim), { method: 'POST', body: '<tsRequest/>' })).rejects.toThrow('fetch failed at once');
    expect(calls).toBe(5);
  });

  it('bounds a storm of connection resets and rejects with the network error', async () => {
    const sim = await startSim();
    let gets = 0;
    sim.fault = (r) => (r.method === 'GET' ? (gets++, { kind: 'drop' }) : undefined);
    const s = session(sim, { maxRetries: 2 });
    expect(await rejection(s.fetch(projects(sim)))).toBeInstanceOf(TypeError);
    expect(gets).toBe(3);
  });
});

describe('error bodies larger than the 16 KB the session peeks at (global fetch)', () => {
  // A gateway or Tableau Cloud can answer 401 and 429 with a big HTML page: the session reads only the start of a
  // clone, and neither the request nor the caller's read of the final body may stall on the unread rest.
  const bigPage = (status: number) => `<!DOCTYPE html><html><body><h1>${status}</h1>${'<p>gateway page</p>'.repeat(1200)}</body></html>`;
  const PAGE_BYTES = bigPage(401).length;
  const stubSession = (url: string, options: Partial<TableauSessionOptions> = {}) =>
    createTableauSession({ server: url, apiVersion: API, credentials: patCredentials(), maxBackoffMs: 20, ...options });
  const stubProjects = (url: string) => `${url}/api/${API}/sites/stub-site/projects`;

  it('a 401 with a 20 KB HTML body signs in again once, replays, and the caller reads the answer', async () => {
    expect(PAGE_BYTES).toBeGreaterThan(20_000);
    const stub = await startStubTableau(({ index }) => (index === 0 ? { status: 401, body: bigPage(401) } : { status: 200, body: '<ok/>' }));
    const s = stubSession(stub.url);
    const res = await s.fetch(stubProjects(stub.url));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<ok/>');
    expect({ signIns: stub.signIns, requests: stub.requests }).toEqual({ signIns: 2, requests: 2 });
  });

  it('a replay that gets the 20 KB 401 again hands it to the caller, whole and readable', async () => {
    const stub = await startStubTableau(() => ({ status: 401, body: bigPage(401) }));
    const s = stubSession(stub.url);
    const res = await s.fetch(stubProjects(stub.url));
    expect(res.status).toBe(401);
    expect(await res.text()).toBe(bigPage(401));
    expect({ signIns: stub.signIns, requests: stub.requests }).toEqual({ signIns: 2, requests: 2 });
  });

  it('a 429 with a 20 KB HTML body is retried with backoff, and the last 429 of a storm is readable', async () => {
    const once = await startStubTableau(({ index }) => (index === 0 ? { status: 429, body: bigPage(429) } : { status: 200, body: '<ok/>' }));
    const retried = await stubSession(once.url).fetch(stubProjects(once.url));
    expect(retried.status).toBe(200);
    expect(await retried.text()).toBe('<ok/>');
    expect({ signIns: once.signIns, requests: once.requests }).toEqual({ signIns: 1, requests: 2 });

    const storm = await startStubTableau(() => ({ status: 429, body: bigPage(429) }));
    const last = await stubSession(storm.url, { maxRetries: 2 }).fetch(stubProjects(storm.url));
    expect(last.status).toBe(429);
    expect(await last.text()).toBe(bigPage(429));
    expect({ signIns: storm.signIns, requests: storm.requests }).toEqual({ signIns: 1, requests: 3 });
  });
});

describe('sign-in trouble', () => {
  it('a sign-in that answers 500 rejects every waiting request once, and is tried again on the next request', async () => {
    const sim = await startSim();
    let signIns = 0;
    sim.fault = (r) => (r.endpoint === 'auth/signin' ? (signIns++, { kind: 'status', status: 500, body: 'html' }) : undefined);
    const s = session(sim);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => s.fetch(projects(sim))));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
    const reasons = results.map((r) => (r as PromiseRejectedResult).reason as TableauAuthError);
    expect(new Set(reasons).size).toBe(1);
    expect(reasons[0]).toBeInstanceOf(TableauAuthError);
    expect(reasons[0]).toMatchObject({ status: 500 });
    expect(reasons[0].message).toMatch(/HTTP 500.*never retried/);
    expect(signIns).toBe(1);
    expect(sim.count('GET', '/projects')).toBe(0);
    sim.fault = undefined;
    expect((await s.fetch(projects(sim))).status).toBe(200);
  });

  it('a sign-in answered with garbage is a TableauAuthError; a garbage 401 is replayed once', async () => {
    const sim = await startSim();
    sim.fault = (r) => (r.endpoint === 'auth/signin' ? { kind: 'garbage' } : undefined);
    const s = session(sim);
    const error = await rejection(s.signIn());
    expect(error).toBeInstanceOf(TableauAuthError);
    expect(error.message).toMatch(/no token could be read/);

    let gets = 0;
    sim.fault = (r) => (r.method === 'GET' && gets++ === 0 ? { kind: 'status', status: 401, body: 'garbage' } : undefined);
    const res = await s.fetch(projects(sim));
    expect(res.status).toBe(200);
    expect(gets).toBe(2);

    sim.fault = (r) => (r.method === 'GET' ? { kind: 'garbage' } : undefined);
    const garbage = await s.fetch(projects(sim));
    expect(garbage.status).toBe(200);
    expect(await garbage.text()).not.toMatch(/^</);
  });

  it('50 concurrent 401s share one failed re-sign-in: all get its error, and the next request tries again', async () => {
    const sim = await startSim();
    const s = session(sim);
    await s.signIn();
    const deadToken = s.token;
    sim.expireAll();
    sim.fault = (r) => (r.endpoint === 'auth/signin' ? { kind: 'status', status: 503, body: 'html' } : undefined);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => s.fetch(projects(sim))));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill('rejected'));
    const reasons = new Set(results.map((r) => (r as PromiseRejectedResult).reason as TableauAuthError));
    expect(reasons.size).toBe(1);
    const [reason] = [...reasons];
    expect(reason).toBeInstanceOf(TableauAuthError);
    expect(reason).toMatchObject({ status: 503 });
    expect(reason?.message).toMatch(/HTTP 503/);
    expect(secretsIn(`${reason?.message} ${JSON.stringify(reason)}`, [deadToken ?? ''])).toEqual([]);
    expect(sim.count('GET', '/projects')).toBe(50);
    // The first sign-in, then exactly one re-sign-in attempt for the 50 requests.
    expect(sim.count('POST', '/auth/signin')).toBe(2);
    expect(ofType(s.events, 'signIn').filter((e) => e.reason === 'expired')).toMatchObject([{ ok: false, status: 503 }]);

    sim.fault = undefined;
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(sim.count('POST', '/auth/signin')).toBe(3);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 50 });
  });

  it('a failed re-sign-in forgets the dead token: the next request signs in first, with no wasted request and no false patConflict', async () => {
    const sim = await startSim();
    const s = session(sim);
    await s.signIn();
    sim.expireAll();
    let signInsTried = 0;
    sim.fault = (r) => (r.endpoint === 'auth/signin' ? (signInsTried++, { kind: 'status', status: 500, body: 'html' }) : undefined);
    for (let i = 0; i < 3; i++) expect(await rejection(s.fetch(projects(sim)))).toBeInstanceOf(TableauAuthError);
    // Only the first request used the dead token; each later one tried one sign-in and sent nothing else.
    expect(sim.count('GET', '/projects')).toBe(1);
    expect(signInsTried).toBe(3);
    expect(s.token).toBeUndefined();
    expect(ofType(s.events, 'patConflict')).toEqual([]);
    sim.fault = undefined;
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
  });

  it('an async onEvent that rejects does not become an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const sim = await startSim();
      const s = session(sim, {
        onEvent: async () => {
          await Promise.resolve();
          throw new Error('the event handler failed');
        },
      });
      await s.signIn();
      sim.expireAll();
      expect((await s.fetch(projects(sim))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('recovers when another process signs in with the same PAT, and reports patConflict when it keeps happening', async () => {
    const sim = await startSim();
    const s = session(sim);
    const otherProcess = () =>
      fetch(sim.api('/auth/signin'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ credentials: patCredentials() }),
      });
    await s.signIn();
    expect((await otherProcess()).status).toBe(200);
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(ofType(s.events, 'patConflict')).toEqual([]);

    expect((await otherProcess()).status).toBe(200);
    expect((await s.fetch(projects(sim))).status).toBe(200);
    const conflicts = ofType(s.events, 'patConflict');
    expect(conflicts).toEqual([expect.objectContaining({ patName: PAT.name, count: 2, code: '401002' })]);
    expect(secretsIn(JSON.stringify(s.events))).toEqual([]);
    expect(sim.stats().signIns).toBe(5);
  });

  it('two sessions for one PAT share one Tableau session', async () => {
    const sim = await startSim();
    const a = session(sim);
    const b = session(sim);
    const [ra, rb] = await Promise.all([a.fetch(projects(sim)), b.fetch(projects(sim))]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect(sim.stats().signIns).toBe(1);
    expect(a.token).toBe(b.token);
    sim.expireAll();
    expect((await b.fetch(projects(sim))).status).toBe(200);
    expect((await a.fetch(projects(sim))).status).toBe(200);
    expect(a.token).toBe(b.token);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
    // A PAT holds one session: a third session for another site would knock the others out, so it is refused.
    const error = (() => {
      try {
        session(sim, { credentials: patCredentials('finance') });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TableauConfigError);
    expect(error?.message).toMatch(/PAT "ci-test-pat".*site "finance"/);
  });
});

describe('one PAT, two sites', () => {
  it('a session made for another site before the first one signed in does not move the first one to that site', async () => {
    const sim = await startSim();
    const a = session(sim);
    const b = session(sim, { credentials: patCredentials('finance') });
    expect((await a.fetch(projects(sim))).status).toBe(200);
    expect(a.siteId).toBe(DEFAULT_SITE);
    expect(a.contentUrl).toBe('');
    // A PAT holds one session: b signing in ends a's, and a's next request signs in again, on its own site.
    expect((await b.fetch(projects(sim, siteLuid('finance')))).status).toBe(200);
    expect(b.siteId).toBe(siteLuid('finance'));
    expect(a.siteId).toBe(DEFAULT_SITE);
    expect((await a.fetch(projects(sim))).status).toBe(200);
    expect(a.siteId).toBe(DEFAULT_SITE);
    expect(sim.stats()).toMatchObject({ signIns: 3 });
  });
});

describe('redirects', () => {
  it('re-POSTs a redirected sign-in and moves server to the redirect origin', async () => {
    const sim = await startSim({ signinRedirect: true });
    const s = session(sim);
    await s.signIn();
    expect(s.server).toBe(`http://localhost:${sim.port}`);
    expect(sim.stats().signIns).toBe(1);
    expect(ofType(s.events, 'signIn')).toMatchObject([{ ok: true, movedTo: `http://localhost:${sim.port}` }]);
    // URLs built from the configured server still work: they are sent to the new origin.
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(sim.log.filter((e) => e.status === 301)).toHaveLength(1);
  });

  it('sends the request that caused a redirected sign-in to the new origin, with the token', async () => {
    const sim = await startSim({ signinRedirect: true });
    const s = session(sim);
    expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(s.server).toBe(`http://localhost:${sim.port}`);
    expect(sim.log.filter((e) => e.status === 401)).toHaveLength(0);
    expect(sim.stats().signIns).toBe(1);
  });

  it('moves server only when the redirected sign-in succeeds (a failing pod does not strand the session)', async () => {
    const sim = await startSim();
    const pod = await startRecorder(503);
    let redirects = 0;
    sim.fault = (r) => (r.endpoint === 'auth/signin' && redirects++ === 0 ? { kind: 'redirect', status: 301, location: `${pod.url}${r.path}` } : undefined);
    const s = session(sim);
    const error = await rejection(s.signIn());
    expect(error).toBeInstanceOf(TableauAuthError);
    expect(error).toMatchObject({ status: 503 });
    expect(pod.received).toHaveLength(1);
    expect(s.server).toBe(sim.url);
    expect(ofType(s.events, 'signIn')).toMatchObject([{ ok: false, status: 503 }]);
    expect(ofType(s.events, 'signIn')[0]?.movedTo).toBeUndefined();
    // The next sign-in goes to the configured server again, and works.
    await s.signIn();
    expect(s.server).toBe(sim.url);
    expect(sim.stats().signIns).toBe(1);
    expect(pod.received).toHaveLength(1);
  });

  it('follows a cross-origin redirect without X-Tableau-Auth, and a same-origin one with it', async () => {
    const sim = await startSim();
    const proxy = await startProxy(sim.url);
    const recorder = await startRecorder();
    const s = session(sim, { server: proxy.url });
    proxy.redirect = (req) => {
      if (req.url?.endsWith('/elsewhere')) return { status: 302, location: `${recorder.url}/landing` };
      if (req.url?.endsWith('/same-origin')) return { status: 307, location: `/api/${API}/sites/${DEFAULT_SITE}/projects` };
      return undefined;
    };
    const away = await s.fetch(`${proxy.url}/api/${API}/elsewhere`, {
      headers: { 'X-Tableau-Auth': 'stale-token-set-by-caller', cookie: 'workgroup_session_id=fake', authorization: 'Bearer fake', 'x-trace': 'kept' },
    });
    expect(away.status).toBe(200);
    expect(await away.json()).toEqual({ elsewhere: true });
    expect(recorder.received).toHaveLength(1);
    expect(recorder.received[0]).toMatchObject({ 'x-trace': 'kept' });
    expect(recorder.received[0]).not.toHaveProperty('x-tableau-auth');
    expect(recorder.received[0]).not.toHaveProperty('cookie');
    expect(recorder.received[0]).not.toHaveProperty('authorization');

    const home = await s.fetch(`${proxy.url}/api/${API}/same-origin`);
    expect(home.status).toBe(200);
    expect(proxy.seen.filter((r) => r.url.endsWith('/projects'))).toMatchObject([{ auth: true }]);
  });

  it('stops a redirect loop without retrying it, and hands a 3xx back when the caller asked for redirect: manual', async () => {
    const sim = await startSim();
    const proxy = await startProxy(sim.url);
    const s = session(sim, { server: proxy.url });
    proxy.redirect = (req) => (req.url?.endsWith('/loop') ? { status: 302, location: `/api/${API}/loop` } : undefined);
    const error = await rejection(s.fetch(`${proxy.url}/api/${API}/loop`));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`GET /api/${API}/loop: more than 10 redirects`);
    expect(proxy.seen.filter((r) => r.url.endsWith('/loop'))).toHaveLength(11);
    const manual = await s.fetch(`${proxy.url}/api/${API}/loop`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe(`/api/${API}/loop`);
  });

  it('never sends the token to another origin called through session.fetch', async () => {
    const sim = await startSim();
    const recorder = await startRecorder();
    const s = session(sim);
    await s.signIn();
    const res = await s.fetch(`${recorder.url}/hook`, { headers: { 'x-tableau-auth': s.token ?? '' } });
    expect(res.status).toBe(200);
    expect(recorder.received[0]?.['x-tableau-auth']).toBeUndefined();
    expect(sim.stats().requests).toBe(1);
  });
});

describe('sign-out, switchSite, credentials', () => {
  it('signOut is idempotent, and a 401 on sign-out means already signed out', async () => {
    const sim = await startSim();
    const s = session(sim);
    await s.signIn();
    await s.signOut();
    await s.signOut();
    expect(s.token).toBeUndefined();
    expect(sim.stats()).toMatchObject({ signOuts: 1, activeSessions: 0 });
    expect(sim.count('POST', '/auth/signout')).toBe(1);

    await s.signIn();
    sim.expireAll();
    await s.signOut();
    expect(ofType(s.events, 'signOut')).toMatchObject([
      { ok: true, status: 204 },
      { ok: true, status: 401 },
    ]);
    // After sign-out the session signs in again when used.
    expect((await s.fetch(projects(sim))).status).toBe(200);
  });

  it('switchSite moves the session (and later re-sign-ins) to the new site', async () => {
    const sim = await startSim();
    const s = session(sim);
    await s.signIn();
    await s.switchSite('marketing');
    expect(s.siteId).toBe(siteLuid('marketing'));
    expect(s.contentUrl).toBe('marketing');
    await s.switchSite('marketing');
    expect(sim.stats().switchSites).toBe(1);
    expect((await s.fetch(projects(sim, siteLuid('marketing')))).status).toBe(200);
    sim.expireAll();
    expect((await s.fetch(projects(sim, siteLuid('marketing')))).status).toBe(200);
    expect(s.siteId).toBe(siteLuid('marketing'));
    expect(sim.stats().signIns).toBe(2);
  });

  it('calls the credentials function once per sign-in (fresh connected-app JWTs)', async () => {
    const sim = await startSim();
    let calls = 0;
    const s = session(sim, {
      credentials: () => {
        calls += 1;
        return { jwt: fakeJwt(), site: { contentUrl: '' } };
      },
    });
    for (let i = 0; i < 3; i++) expect((await s.fetch(projects(sim))).status).toBe(200);
    sim.expireAll();
    for (let i = 0; i < 2; i++) expect((await s.fetch(projects(sim))).status).toBe(200);
    expect(calls).toBe(2);
    expect(sim.stats().signIns).toBe(2);
  });

  it('a remembered JWT that has expired fails once, with a message naming the credentials function option', async () => {
    const sim = await startSim();
    const s = session(sim, { credentials: undefined });
    // Legacy code signs in by hand through session.fetch with a JWT that lives one second.
    const jwt = fakeJwt(USER.name, 1);
    const signIn = await s.fetch(sim.api('/auth/signin'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ credentials: { jwt, site: { contentUrl: '' } } }),
    });
    expect(signIn.status).toBe(200);
    const exp = (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { exp: number }).exp;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now() + 50)));
    sim.expireAll();
    const error = await rejection(s.fetch(projects(sim)));
    expect(error).toBeInstanceOf(TableauAuthError);
    expect(error.message).toMatch(/JWT.*expired/);
    expect(error.message).toContain('`credentials` as a function');
    expect(error.message).not.toContain(jwt);
    await rejection(s.fetch(projects(sim)));
    expect(sim.stats().failedSignIns).toBe(1);
  });
});

describe('transparent sign-in (legacy code that signs in by hand through session.fetch)', () => {
  it.each(['XML', 'JSON'] as const)('performs a hand-made %s sign-in, hands its Response back, and re-signs in with its credentials', async (format) => {
    const sim = await startSim();
    const s = session(sim, { credentials: undefined, apiVersion: undefined });
    const init =
      format === 'XML'
        ? {
            method: 'POST',
            body: `<tsRequest><credentials personalAccessTokenName="${PAT.name}" personalAccessTokenSecret="${PAT.secret}"><site contentUrl=""/></credentials></tsRequest>`,
          }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ credentials: patCredentials() }),
          };
    const res = await s.fetch(sim.api('/auth/signin'), init);
    expect(res.status).toBe(200);
    const legacyToken =
      format === 'XML'
        ? /token="([^"]+)"/.exec(await res.text())?.[1]
        : ((await res.json()) as { credentials: { token: string } }).credentials.token;
    expect(legacyToken).toBe(s.token);
    expect(s.apiVersion).toBe(API);
    expect(s.siteId).toBe(DEFAULT_SITE);

    // The legacy code keeps sending the token it read; after expiry the session replaces it and re-signs in.
    sim.expireAll();
    const later = await s.fetch(projects(sim), { headers: { 'X-Tableau-Auth': legacyToken ?? '' } });
    expect(later.status).toBe(200);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
    expect(ofType(s.events, 'signIn').map((e) => e.reason)).toEqual(['transparent', 'expired']);
  });

  it('hands back a rejected hand-made sign-in as is (it is the caller’s request)', async () => {
    const sim = await startSim();
    const s = session(sim, { credentials: undefined });
    const res = await s.fetch(sim.api('/auth/signin'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credentials: { ...patCredentials(), personalAccessTokenSecret: 'fake-wrong' } }),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('401001');
    const error = await rejection(s.fetch(projects(sim)));
    expect(error).toBeInstanceOf(TableauConfigError);
    expect(error).toMatchObject({ option: 'credentials' });
  });

  it('a hand-made sign-out through session.fetch ends the session', async () => {
    const sim = await startSim();
    const s = session(sim);
    await s.signIn();
    const res = await s.fetch(sim.api('/auth/signout'), { method: 'POST', headers: { 'X-Tableau-Auth': 'whatever-the-legacy-code-had' } });
    expect(res.status).toBe(204);
    expect(s.token).toBeUndefined();
    expect(sim.stats().signOuts).toBe(1);
  });

  // A URL string is routed by the path the URL parser makes of it, not by its text.
  it.each([
    ['dot segments', '/sites/x/../../auth/signout'],
    ['percent-encoded dot segments', '/sites/x/%2E%2E/%2e%2e/auth/signout'],
    ['a backslash', '/auth\\signout'],
    ['a fragment', '/auth/signout#now'],
  ])('a sign-out URL written with %s still ends the session', async (_, path) => {
    const sim = await startSim();
    const s = session(sim);
    await s.signIn();
    const res = await s.fetch(sim.api(path), { method: 'POST' });
    expect(res.status).toBe(204);
    expect(s.token).toBeUndefined();
    expect(sim.stats().signOuts).toBe(1);
  });
});

describe('timeouts and the caller’s AbortSignal', () => {
  it('times out each attempt after timeoutMs: GET retried within maxRetries, POST not', async () => {
    const sim = await startSim();
    let gets = 0;
    let posts = 0;
    sim.fault = (r) => {
      if (r.method === 'GET') gets++;
      if (r.method === 'POST' && r.endpoint !== 'auth/signin') posts++;
      return r.endpoint === 'auth/signin' ? undefined : { kind: 'delay', ms: 600 };
    };
    // Signed in by a session without a time limit (sessions for one PAT share the Tableau session), so a sign-in
    // slowed by a busy machine cannot hit the 100 ms limit meant for the delayed requests.
    await session(sim).signIn();
    const s = session(sim, { timeoutMs: 100, maxRetries: 1 });
    const error = await rejection(s.fetch(projects(sim)));
    expect(error).toBeInstanceOf(TableauTimeoutError);
    expect(error.message).toBe(`GET /api/${API}/sites/${DEFAULT_SITE}/projects timed out after 100 ms (timeoutMs)`);
    expect(gets).toBe(2);
    const post = await rejection(s.fetch(projects(sim), { method: 'POST', body: '<tsRequest><project name="x"/></tsRequest>' }));
    expect(post).toBeInstanceOf(TableauTimeoutError);
    expect(posts).toBe(1);
  });

  it('a sign-in slower than timeoutMs rejects with TableauTimeoutError', async () => {
    const sim = await startSim();
    sim.fault = (r) => (r.endpoint === 'auth/signin' ? { kind: 'delay', ms: 600 } : undefined);
    const s = session(sim, { timeoutMs: 100 });
    expect(await rejection(s.signIn())).toBeInstanceOf(TableauTimeoutError);
  });

  it('the caller’s signal aborts a slow request at once, without a retry', async () => {
    const sim = await startSim();
    let gets = 0;
    sim.fault = (r) => (r.method === 'GET' ? (gets++, { kind: 'delay', ms: 2000 }) : undefined);
    const s = session(sim);
    await s.signIn();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(s.fetch(projects(sim), { signal: controller.signal }));
    expect(error.name).toBe('AbortError');
    expect(gets).toBe(1);
    const already = await rejection(s.fetch(projects(sim), { signal: AbortSignal.abort() }));
    expect(already.name).toBe('AbortError');
    expect(gets).toBe(1);
  });

  it('a caller that aborts while a sign-in is in flight leaves; the others still get their answers', async () => {
    const sim = await startSim();
    sim.fault = (r) => (r.endpoint === 'auth/signin' ? { kind: 'delay', ms: 300 } : undefined);
    const s = session(sim);
    const controller = new AbortController();
    const leaving = s.fetch(projects(sim), { signal: controller.signal });
    const staying = s.fetch(projects(sim));
    setTimeout(() => controller.abort(), 30);
    expect((await rejection(leaving)).name).toBe('AbortError');
    expect((await staying).status).toBe(200);
    expect(sim.stats().signIns).toBe(1);
  });
});

describe('inputs', () => {
  it('accepts relative URLs and Request objects (whose bodies are buffered and replayed)', async () => {
    const sim = await startSim();
    const s = session(sim);
    expect((await s.fetch(`/api/${API}/sites/${DEFAULT_SITE}/projects`)).status).toBe(200);
    expect((await s.fetch(`/sites/${DEFAULT_SITE}/projects?pageSize=1`)).status).toBe(200);
    sim.expireAll();
    const request = new Request(projects(sim), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ project: { name: 'from a Request' } }),
    });
    const res = await s.fetch(request);
    expect(res.status).toBe(201);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
  });

  it('takes the API version from a server URL that names it', async () => {
    const sim = await startSim();
    const s = createTableauSession({ server: `${sim.url}/api/${API}/`, credentials: patCredentials() });
    expect(s.apiVersion).toBe(API);
    expect(s.server).toBe(sim.url);
    expect((await s.fetch(`/sites/${DEFAULT_SITE}/projects`)).status).toBe(200);
    // A short sessionTtlMs alone is fine: the refresh margin defaults to at most half of it.
    expect(() => createTableauSession({ server: sim.url, sessionTtlMs: 60_000 })).not.toThrow();
  });

  it('works with node-fetch v2 and hands back node-fetch’s own Response (.buffer(), Node stream body)', async () => {
    const sim = await startSim();
    // The session's fetch takes and returns node-fetch's own types (`.buffer()` type-checks).
    const s = createTableauSession({ server: sim.url, apiVersion: API, credentials: patCredentials(), fetch: nodeFetch });
    const res = await s.fetch(projects(sim), { headers: { accept: 'application/json' } });
    expect(res).toBeInstanceOf(nodeFetch.Response);
    expect((await res.buffer()).toString('utf8')).toContain('"projects"');
    sim.expireAll();
    const again = await s.fetch(projects(sim));
    expect(again.status).toBe(200);
    expect(again.body).toBeInstanceOf(Readable);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
    // A Node stream body is sent once and never replayed.
    sim.expireAll();
    const streamed = await s.fetch(projects(sim), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.from([JSON.stringify({ project: { name: 'streamed' } })]),
    });
    expect(streamed.status).toBe(401);
  });
});

describe('configuration errors', () => {
  it('refuses http: servers other than loopback unless allowInsecure, naming the option', () => {
    const error = (() => {
      try {
        createTableauSession({ server: 'http://tableau.example.com', credentials: patCredentials() });
      } catch (e) {
        return e as TableauConfigError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TableauConfigError);
    expect(error?.option).toBe('server');
    expect(error?.message).toContain('allowInsecure');
    const events: TableauSessionEvent[] = [];
    createTableauSession({ server: 'http://tableau.example.com', allowInsecure: true, onEvent: (e) => events.push(e) });
    expect(events).toEqual([{ type: 'insecure', server: 'http://tableau.example.com' }]);
    expect(() => createTableauSession({ server: 'http://localhost:8000' })).not.toThrow();
  });

  it.each([
    [{ server: 'https://t.example.com', sesionTtlMs: 5 }, 'sesionTtlMs'],
    [{ server: 'not a url' }, 'server'],
    [{ server: 'https://t.example.com', apiVersion: 'latest' }, 'apiVersion'],
    [{ server: 'https://t.example.com', refreshMarginMs: 10, sessionTtlMs: 10 }, 'refreshMarginMs'],
    [{ server: 'https://t.example.com', maxRetries: -1 }, 'maxRetries'],
    [{ server: 'https://t.example.com', credentials: { user: 'x' } }, 'credentials'],
  ])('rejects bad options: %j', (options, option) => {
    expect(() => createTableauSession(options as TableauSessionOptions)).toThrow(expect.objectContaining({ option }));
  });

  it('signIn with no API version known is a TableauConfigError', async () => {
    const s = createTableauSession({ server: 'https://t.example.com', credentials: patCredentials() });
    const error = await rejection(s.signIn());
    expect(error).toBeInstanceOf(TableauConfigError);
    expect(error).toMatchObject({ option: 'apiVersion' });
  });
});

it('under random faults every caller gets a Response or an error, with bounded work', async () => {
  const sim = await startSim({ failRate: 0.3, dropRate: 0.15, garbageRate: 0.1, latencyMs: 2, seed: 7 });
  const s = session(sim, { maxRetries: 2, timeoutMs: 5000 });
  const jobs = Array.from({ length: 40 }, () => s.fetch(projects(sim)));
  setTimeout(() => sim.expireAll(), 10);
  const settled = await Promise.allSettled(jobs);
  expect(settled).toHaveLength(40);
  for (const result of settled) {
    if (result.status === 'fulfilled') expect(result.value.status).toEqual(expect.any(Number));
    else expect(result.reason).toBeInstanceOf(Error);
  }
  expect(settled.some((r) => r.status === 'fulfilled' && r.value.status === 200)).toBe(true);
  // At most (1 + maxRetries) attempts for each of at most two auth rounds per request; sign-ins stay few.
  expect(sim.count('GET', '/projects')).toBeLessThanOrEqual(40 * 2 * 3);
  expect(sim.stats().signIns).toBeLessThanOrEqual(2);
});

it('never puts a token or secret into an event, an error or a simulator log line', async () => {
  const sim = await startSim({ signinRedirect: true });
  const tokens = new Set<string>();
  const errors: string[] = [];
  const s = session(sim, { timeoutMs: 2000 });
  const note = () => s.token && tokens.add(s.token);
  await s.signIn();
  note();
  sim.expireAll();
  await s.fetch(projects(sim));
  note();
  await s.switchSite('marketing');
  note();
  let n = 0;
  sim.fault = (r) => (r.method === 'GET' && n++ < 2 ? { kind: 'status', status: 503, body: 'tableau' } : undefined);
  await s.fetch(projects(sim, siteLuid('marketing')));
  sim.fault = (r) => (r.endpoint === 'auth/signin' ? { kind: 'status', status: 401, body: 'tableau' } : undefined);
  sim.expireAll();
  errors.push(String(await rejection(s.fetch(projects(sim)))));
  await s.signOut();
  const bad = session(sim, { credentials: { name: USER.name, password: 'fake-wrong-password' } });
  sim.fault = undefined;
  const badError = await rejection(bad.signIn());
  errors.push(`${badError.message} ${badError.stack} ${JSON.stringify(badError)}`);
  const everything = JSON.stringify([s.events, bad.events, errors, sim.log]);
  expect(secretsIn(everything, tokens)).toEqual([]);
  expect(everything).not.toContain('fake-wrong-password');
  expect(tokens.size).toBeGreaterThanOrEqual(3);
});
