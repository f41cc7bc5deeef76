/// <reference types="vitest/globals" />
// Issue 8, wrapper bullet: the GENERATED wrapper (written by the generator into a temporary project) run by a user's
// script in a child process, against the simulator run as users run it (`tableau-rest simulate` with its fault
// flags, a child process) or, where a fault must hit only some requests, the library simulator with its fault hook.
// Each case asserts bounded work with exact request counts, typed errors, no secret or token in any output, and
// that every caller got a Response or an error (the driver exits 13 if a promise never settled).
//
// Already covered against the wrapper's source in test/session (not repeated here): 50 concurrent requests after
// expiry, a late 401 from an older token, stream bodies, the 29-minute 429, timeouts of sign-in, aborting while a
// sign-in is in flight, a re-sign-in that answers 500 after expiry.
import { siteLuid } from '../../src/simulator/index.js';
import {
  API,
  expectCleanRun,
  isError,
  ofType,
  outcomesOf,
  PAT,
  patCredentials,
  retries,
  runDriver,
  startCliSimulator,
  startSim,
  USER,
  wrapperProject,
  type ErrorOutcome,
  type Outcome,
  type RequestSpec,
  type ResponseOutcome,
} from './helpers.js';

const SITE = siteLuid('');
let dir: string;
beforeAll(() => {
  dir = wrapperProject();
});

const mainSession = (server: string, extra: Record<string, unknown> = {}) => ({
  server,
  apiVersion: API,
  credentials: patCredentials(),
  maxBackoffMs: 10,
  ...extra,
});
const createProject = (url: string) => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ project: { name: `robust-${Math.random()}` } }),
});
const errorsOf = (outcomes: Outcome[]) => outcomes.map((o) => (o as ErrorOutcome).error);

describe('the generated wrapper against `tableau-rest simulate` fault flags', () => {
  it('--drop-rate 1: each GET is tried 1 + maxRetries times, the POST once; every caller gets the network error', async () => {
    const sim = await startCliSimulator(['--drop-rate', '1']);
    const projects = sim.api(`/sites/${SITE}/projects`);
    const result = await runDriver(dir, {
      sessions: { main: mainSession(sim.url, { maxRetries: 2 }) },
      steps: [{ requests: [...Array.from({ length: 4 }, () => ({ url: projects })), createProject(projects)] }],
    });
    const stats = await sim.stats();
    expect(await sim.stop()).toBe(0);
    expectCleanRun(result, sim.output());

    const outcomes = outcomesOf(result, 0);
    expect(outcomes).toHaveLength(5);
    for (const error of errorsOf(outcomes)) expect(error).toMatchObject({ class: 'TypeError', message: 'fetch failed' });
    expect(stats).toMatchObject({ signIns: 1, requests: 1 + 4 * 3 + 1 });
    expect(retries(result).map((e) => `${e.method} ${e.attempt}`).sort()).toEqual([...Array(4).fill('GET 1'), ...Array(4).fill('GET 2')]);
    expect(retries(result).every((e) => typeof e.error === 'string' && e.status === undefined)).toBe(true);
  });

  it('--fail-rate 1 with HTML 503s: GETs get the last 503 after 1 + maxRetries tries, the POST its first; no re-sign-in', async () => {
    const sim = await startCliSimulator(['--fail-rate', '1', '--fail-status', '503', '--fail-body', 'html']);
    const projects = sim.api(`/sites/${SITE}/projects`);
    const result = await runDriver(dir, {
      sessions: { main: mainSession(sim.url) },
      steps: [{ requests: [{ url: projects }, { url: projects }, { url: projects }, createProject(projects)] }],
    });
    const stats = await sim.stats();
    await sim.stop();
    expectCleanRun(result, sim.output());

    const outcomes = outcomesOf(result, 0) as ResponseOutcome[];
    expect(outcomes.map((o) => o.status)).toEqual([503, 503, 503, 503]);
    for (const outcome of outcomes) expect(outcome.body).toMatch(/^<!DOCTYPE html>/);
    expect(stats).toMatchObject({ signIns: 1, requests: 1 + 3 * 4 + 1, unauthorized: 0 });
    expect(retries(result)).toHaveLength(9);
    expect(retries(result).every((e) => e.status === 503 && e.method === 'GET')).toBe(true);
    expect(ofType(result, 'reauth')).toEqual([]);
  });

  it.each([[[]], [['--no-retry-after']]])(
    'a 429 storm (--rate-limit 3/1h %j): each request answered once, the wait (header or "retry after" detail) is never slept',
    async (extra) => {
      const sim = await startCliSimulator(['--rate-limit', '3/1h', ...extra]);
      const projects = sim.api(`/sites/${SITE}/projects`);
      const result = await runDriver(dir, {
        sessions: {
          main: mainSession(sim.url, { maxBackoffMs: 1000 }),
          other: { server: sim.url, apiVersion: API, credentials: { name: USER.name, password: USER.password } },
        },
        steps: [{ requests: Array.from({ length: 6 }, () => ({ url: projects })) }, { signIn: 'other' }, { requests: [{ url: projects }, { url: projects }] }],
      });
      const stats = await sim.stats();
      await sim.stop();
      expectCleanRun(result, sim.output());

      // The sign-in takes the first of the 3 slots; 2 GETs get through and 4 get 429 asking for about an hour.
      const first = outcomesOf(result, 0) as ResponseOutcome[];
      expect(first.map((o) => o.status).sort()).toEqual([200, 200, 429, 429, 429, 429]);
      for (const outcome of first.filter((o) => o.status === 429)) expect(outcome.body).toContain('429000');
      // A rate-limited sign-in is a TableauAuthError at once: sign-in never goes through the retry path.
      expect(result.results[1]).toMatchObject({ error: { class: 'TableauAuthError', status: 429 } });
      expect((outcomesOf(result, 2) as ResponseOutcome[]).map((o) => o.status)).toEqual([429, 429]);
      expect(stats).toMatchObject({ requests: 1 + 6 + 1 + 2, signIns: 1 });
      expect(retries(result)).toEqual([]);
    },
  );

  it('--signin-fail-rate 1: one sign-in per wave of callers, each rejected with the same TableauAuthError; nothing else is sent', async () => {
    const sim = await startCliSimulator(['--signin-fail-rate', '1', '--fail-body', 'html']);
    const projects = sim.api(`/sites/${SITE}/projects`);
    const result = await runDriver(dir, {
      sessions: { main: mainSession(sim.url) },
      steps: [{ requests: Array.from({ length: 5 }, () => ({ url: projects })) }, { requests: [{ url: projects }, createProject(projects), { url: projects }] }],
    });
    const stats = await sim.stats();
    await sim.stop();
    expectCleanRun(result, sim.output());

    for (const index of [0, 1]) {
      const errors = errorsOf(outcomesOf(result, index));
      expect(errors.every((e) => e.class === 'TableauAuthError' && e.status === 500)).toBe(true);
      expect(new Set(errors.map((e) => e.message)).size).toBe(1);
      expect(errors[0]?.message).toBe('Tableau sign-in failed (HTTP 500); sign-in is never retried automatically');
    }
    expect(stats).toMatchObject({ requests: 2, signIns: 0 });
    expect(ofType(result, 'signIn').map((e) => e.ok)).toEqual([false, false]);
    expect(retries(result)).toEqual([]);
  });

  it('--garbage-rate 1: a 200 whose body is neither XML nor JSON goes to the caller as it is, once', async () => {
    const sim = await startCliSimulator(['--garbage-rate', '1']);
    const projects = sim.api(`/sites/${SITE}/projects`);
    const result = await runDriver(dir, {
      sessions: { main: mainSession(sim.url) },
      steps: [{ requests: [{ url: projects, headers: { accept: 'application/json' } }, { url: projects }, createProject(projects)] }],
    });
    const stats = await sim.stats();
    await sim.stop();
    expectCleanRun(result, sim.output());
    const outcomes = outcomesOf(result, 0) as ResponseOutcome[];
    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200]);
    for (const outcome of outcomes) expect(outcome.body).toContain('garbled upstream response');
    expect(stats).toMatchObject({ requests: 4, signIns: 1 });
    expect(result.events.map((e) => e.type)).toEqual(['signIn']);
  });

  it('a PAT session killed mid-run by another process signing in: one re-sign-in per kill, even for 10 callers; patConflict', async () => {
    const sim = await startCliSimulator([]);
    const projects = sim.api(`/sites/${SITE}/projects`);
    const other = { otherProcessSignIn: { url: sim.api('/auth/signin'), credentials: patCredentials() } };
    const result = await runDriver(dir, {
      sessions: { main: mainSession(sim.url) },
      steps: [
        { requests: [{ url: projects }] },
        { requests: [{ url: projects }] },
        other,
        { requests: [{ url: projects }] },
        other,
        { requests: Array.from({ length: 10 }, () => ({ url: projects })) },
        { requests: [{ url: projects }] },
      ],
    });
    const stats = await sim.stats();
    await sim.stop();
    expectCleanRun(result, sim.output());

    for (const index of [0, 1, 3, 5, 6]) expect((outcomesOf(result, index) as ResponseOutcome[]).every((o) => o.status === 200)).toBe(true);
    expect([result.results[2], result.results[4]]).toEqual([{ otherProcess: 'signed in' }, { otherProcess: 'signed in' }]);
    // Sign-ins: ours, the other process's, our re-sign-in, the other's, our re-sign-in; requests: 5 sign-ins, 14 first
    // tries and 11 replays.
    expect(stats).toMatchObject({ signIns: 5, unauthorized: 1 + 10, requests: 5 + 14 + 11 });
    expect(ofType(result, 'signIn').map((e) => e.reason)).toEqual(['initial', 'expired', 'expired']);
    expect(ofType(result, 'reauth')).toHaveLength(11);
    expect(ofType(result, 'patConflict')).toEqual([expect.objectContaining({ patName: PAT.name, count: 2, code: '401002' })]);
    expect(result.tokens.length).toBe(5);
  });
});

describe('the generated wrapper against the library simulator with a fault hook', () => {
  it('latency: timeoutMs ends each attempt (GET retried, POST not); the caller’s signal ends a request at once, whichever comes first', async () => {
    const sim = await startSim();
    const attempts: Record<string, number> = {};
    sim.fault = (r) => {
      if (r.endpoint === 'auth/signin') return undefined;
      attempts[`${r.method} ${r.path.split('/').pop() ?? ''}`] = (attempts[`${r.method} ${r.path.split('/').pop() ?? ''}`] ?? 0) + 1;
      return { kind: 'delay', ms: 3000 };
    };
    const base = sim.api(`/sites/${SITE}`);
    const result = await runDriver(dir, {
      sessions: {
        // Sessions for one PAT share one Tableau session: `warm` signs in without a time limit, so the others'
        // limits only ever meet the delayed requests.
        warm: mainSession(sim.url),
        limited: mainSession(sim.url, { timeoutMs: 300, maxRetries: 1 }),
        unlimited: mainSession(sim.url, { maxRetries: 3 }),
      },
      steps: [
        { signIn: 'warm' },
        {
          requests: [
            { session: 'limited', url: `${base}/projects` },
            { session: 'limited', ...createProject(`${base}/projects`) },
            { session: 'unlimited', url: `${base}/workbooks`, abortAfterMs: 100 },
            { session: 'limited', url: `${base}/views`, abortAfterMs: 100 },
          ],
        },
      ],
    });
    expectCleanRun(result, JSON.stringify(sim.log));
    const [get, post, aborted, both] = errorsOf(outcomesOf(result, 1));
    expect(get).toMatchObject({ class: 'TableauTimeoutError', message: `GET /api/${API}/sites/${SITE}/projects timed out after 300 ms (timeoutMs)` });
    expect(post).toMatchObject({ class: 'TableauTimeoutError', message: `POST /api/${API}/sites/${SITE}/projects timed out after 300 ms (timeoutMs)` });
    expect(aborted).toMatchObject({ name: 'AbortError' });
    expect(both).toMatchObject({ name: 'AbortError' });
    expect(attempts).toEqual({ 'GET projects': 2, 'POST projects': 1, 'GET workbooks': 1, 'GET views': 1 });
    expect(retries(result)).toEqual([expect.objectContaining({ method: 'GET', attempt: 1, error: expect.stringContaining('TableauTimeoutError') })]);
    expect(sim.stats().signIns).toBe(1);
  });

  it('garbage everywhere: a sign-in without a token is one TableauAuthError per wave; a garbage 401 is replayed once; a garbage 502 is retried within the bound', async () => {
    const sim = await startSim();
    const projects = sim.api(`/sites/${SITE}/projects`);
    let mode: 'signin' | 'api' = 'signin';
    const seen = { signIn: 0, get401: 0, get502: 0 };
    sim.fault = (r) => {
      if (r.endpoint === 'auth/signin') return mode === 'signin' ? (seen.signIn++, { kind: 'garbage' }) : undefined;
      if (r.path.endsWith('/projects')) return seen.get401++, { kind: 'status', status: 401, body: 'garbage' };
      if (r.path.endsWith('/workbooks')) return seen.get502++, { kind: 'status', status: 502, body: 'garbage' };
      return undefined;
    };
    const first = await runDriver(dir, {
      sessions: { main: mainSession(sim.url) },
      steps: [{ requests: [{ url: projects }, { url: projects }, { url: projects }] }],
    });
    expectCleanRun(first, JSON.stringify(sim.log));
    const errors = errorsOf(outcomesOf(first, 0));
    expect(errors.map((e) => e.class)).toEqual(['TableauAuthError', 'TableauAuthError', 'TableauAuthError']);
    expect(errors[0]?.message).toBe('Tableau sign-in answered HTTP 200, but no token could be read from the answer');
    expect(seen).toEqual({ signIn: 1, get401: 0, get502: 0 });

    mode = 'api';
    const second = await runDriver(dir, {
      sessions: { main: mainSession(sim.url, { maxRetries: 2 }) },
      steps: [{ requests: [{ url: projects }] }, { requests: [{ url: sim.api(`/sites/${SITE}/workbooks`) }] }],
    });
    expectCleanRun(second, JSON.stringify(sim.log));
    expect(outcomesOf(second, 0)).toEqual([expect.objectContaining({ status: 401 })]);
    expect(outcomesOf(second, 1)).toEqual([expect.objectContaining({ status: 502 })]);
    // One replay after the 401 (with one re-sign-in), then the 401 is the caller's; 1 + maxRetries tries of the 502.
    expect(seen).toEqual({ signIn: 1, get401: 2, get502: 3 });
    expect(sim.stats().signIns).toBe(2);
  });

  it('random faults on every attempt: each GET stops exactly at the first answer it must not retry or at 1 + maxRetries tries; each POST is sent once', async () => {
    const sim = await startSim();
    const maxRetries = 2;
    // A seeded sequence of faults; per request (one path each) the test records what every attempt got.
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const kinds = ['drop', '500html', '503tableau', '429short', 'garbage', '429long', 'none'] as const;
    const history = new Map<string, string[]>();
    sim.fault = (r) => {
      if (r.endpoint === 'auth/signin') return undefined;
      const kind = kinds[Math.floor(random() * kinds.length)] ?? 'none';
      history.set(`${r.method} ${r.path}`, [...(history.get(`${r.method} ${r.path}`) ?? []), kind]);
      switch (kind) {
        case 'drop':
          return { kind: 'drop' };
        case '500html':
          return { kind: 'status', status: 500, body: 'html' };
        case '503tableau':
          return { kind: 'status', status: 503, body: 'tableau' };
        case '429short':
          return { kind: 'status', status: 429, body: 'tableau' };
        case '429long':
          return { kind: 'rateLimit', retryAfterSeconds: 3600 };
        case 'garbage':
          return { kind: 'garbage' };
        default:
          return { kind: 'none' };
      }
    };
    const item = (i: number) => sim.api(`/sites/${SITE}/projects/robust-${i}`);
    const requests: RequestSpec[] = [
      ...Array.from({ length: 24 }, (_, i) => ({ url: item(i) })),
      ...Array.from({ length: 6 }, (_, i) => ({ ...createProject(sim.api(`/sites/${SITE}/projects`)), url: item(100 + i) })),
    ];
    const result = await runDriver(dir, { sessions: { main: mainSession(sim.url, { maxRetries }) }, steps: [{ requests }] });
    expectCleanRun(result, JSON.stringify(sim.log));

    const retriable = new Set(['drop', '500html', '503tableau', '429short']);
    const outcomes = outcomesOf(result, 0);
    expect(outcomes).toHaveLength(30);
    requests.forEach((request, i) => {
      const method = request.method ?? 'GET';
      const tries = history.get(`${method} ${new URL(request.url).pathname}`) ?? [];
      const last = tries.at(-1) ?? '';
      if (method === 'POST') {
        expect(tries).toHaveLength(1);
      } else {
        expect(tries.slice(0, -1).every((kind) => retriable.has(kind))).toBe(true);
        expect(retriable.has(last) ? tries.length === 1 + maxRetries : tries.length <= 1 + maxRetries).toBe(true);
      }
      // What the caller got matches the last answer: the network error, or that Response.
      const outcome = outcomes[i] as Outcome;
      if (last === 'drop') expect(isError(outcome) && outcome.error.class).toBe('TypeError');
      else expect(isError(outcome) ? outcome.error.message : (outcome as ResponseOutcome).status).toBe(
        { '500html': 500, '503tableau': 503, '429short': 429, '429long': 429, garbage: 200, none: method === 'POST' ? 405 : 404 }[last],
      );
    });
    // The dice must have produced every kind of answer, so each branch above was exercised.
    expect(new Set([...history.values()].flat())).toEqual(new Set(kinds));
    expect(sim.stats().signIns).toBe(1);
    expect(ofType(result, 'reauth')).toEqual([]);
  });
});
