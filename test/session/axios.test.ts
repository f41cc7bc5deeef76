/// <reference types="vitest/globals" />
// attachToAxios against the simulator over real HTTP: the same scenarios as session.fetch, through a real axios
// instance (Node http adapter).
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { siteLuid } from '../../src/simulator/index.js';
import {
  attachToAxios,
  createTableauSession,
  TableauAuthError,
  TableauConfigError,
  type TableauSessionEvent,
  type TableauSessionOptions,
} from '../../src/session/wrapper/tableau-session.js';
import { API, PAT, patCredentials, secretsIn, startProxy, startRecorder, startSim, type TestSimulator } from './helpers.js';

const SITE = siteLuid('');

function attached(sim: TestSimulator, options: Partial<TableauSessionOptions> = {}, baseURL = `${sim.url}/api/${API}`) {
  const events: TableauSessionEvent[] = [];
  const session = createTableauSession({
    server: sim.url,
    credentials: patCredentials(),
    maxBackoffMs: 20,
    onEvent: (event) => events.push(event),
    ...options,
  });
  const instance = axios.create({ baseURL });
  const detach = attachToAxios(instance, session);
  return { session, instance, events, detach };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const statusOf = async (promise: Promise<unknown>) => {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(AxiosError);
  return (error as AxiosError).response?.status;
};

describe('attachToAxios', () => {
  it('signs in, adds the token, and survives expiry mid-job (XML and JSON)', async () => {
    const sim = await startSim();
    const { instance, events, session } = attached(sim);
    for (let i = 0; i < 5; i++) {
      if (i === 2) sim.expireAll();
      const res = await instance.get(`/sites/${SITE}/projects`, { headers: i % 2 ? { accept: 'application/json' } : {} });
      expect(res.status).toBe(200);
    }
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
    expect(session.apiVersion).toBe(API);
    expect(events.filter((e) => e.type === 'reauth')).toMatchObject([{ status: 401, code: '401002', method: 'GET' }]);
    // A POST whose JSON body axios has already serialised is replayed as it was sent.
    sim.expireAll();
    const created = await instance.post(`/sites/${SITE}/projects`, { project: { name: 'after expiry' } }, { headers: { accept: 'application/json' } });
    expect(created.status).toBe(201);
    expect((created.data as { project: { name: string } }).project.name).toBe('after expiry');
    expect(sim.stats()).toMatchObject({ signIns: 3, unauthorized: 2 });
  });

  it('50 concurrent requests after expiry cause exactly one re-sign-in', async () => {
    const sim = await startSim();
    const { instance, session } = attached(sim);
    await instance.get(`/sites/${SITE}/projects`);
    sim.expireAll();
    const responses = await Promise.all(Array.from({ length: 50 }, () => instance.get(`/sites/${SITE}/projects`)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(sim.stats().signIns).toBe(2);
    expect(session.token).toBeDefined();
  });

  it('a late 401 from an older token starts no second sign-in', async () => {
    const sim = await startSim();
    const proxy = await startProxy(sim.url);
    const { instance, session } = attached(sim, { server: proxy.url, apiVersion: API }, `${proxy.url}/api/${API}`);
    await session.signIn();
    sim.expireAll();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    proxy.hold = (req) => (req.url?.includes('slow=1') && held++ === 0 ? released : undefined);
    const late = instance.get(`/sites/${SITE}/projects?slow=1`);
    await vi.waitFor(() => expect(sim.log.some((e) => e.status === 401)).toBe(true));
    expect((await instance.get(`/sites/${SITE}/projects`)).status).toBe(200);
    release();
    expect((await late).status).toBe(200);
    expect(sim.stats().signIns).toBe(2);
  });

  it('replaces a stale token set on the instance defaults by legacy code', async () => {
    const sim = await startSim();
    const { instance } = attached(sim);
    instance.defaults.headers.common['X-Tableau-Auth'] = 'stale-token-from-legacy-code';
    expect((await instance.get(`/sites/${SITE}/projects`)).status).toBe(200);
    expect(sim.stats().unauthorized).toBe(0);
  });

  it('rejects bad credentials with TableauAuthError once, without a second attempt or a secret', async () => {
    const sim = await startSim();
    const { instance } = attached(sim, { credentials: { ...patCredentials(), personalAccessTokenSecret: 'fake-wrong-secret' } });
    const error = await failure(instance.get(`/sites/${SITE}/projects`));
    expect(error).toBeInstanceOf(TableauAuthError);
    expect(error).toMatchObject({ code: '401001' });
    expect(secretsIn(error.message)).toEqual([]);
    expect(error.message).not.toContain('fake-wrong-secret');
    await failure(instance.get(`/sites/${SITE}/projects`));
    expect(sim.stats()).toMatchObject({ failedSignIns: 1, requests: 1 });
  });

  it('passes 400, 403 (foreign site), 404 and 405 through without re-sign-in or retry; a second 401 goes to the caller', async () => {
    const sim = await startSim();
    const { instance, events } = attached(sim);
    expect(await statusOf(instance.post(`/sites/${SITE}/projects`, { project: {} }))).toBe(400);
    expect(await statusOf(instance.get(`/sites/${siteLuid('finance')}/projects`))).toBe(403);
    expect(await statusOf(instance.get(`/sites/${SITE}/projects/none`))).toBe(404);
    expect(await statusOf(instance.delete(`/sites/${SITE}/projects`))).toBe(405);
    expect(sim.stats()).toMatchObject({ signIns: 1, requests: 5 });
    sim.fault = (r) => (r.method === 'GET' ? { kind: 'status', status: 401, body: 'tableau' } : undefined);
    expect(await statusOf(instance.get(`/sites/${SITE}/projects`))).toBe(401);
    expect(sim.count('GET', '/projects')).toBe(3);
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    expect(events.filter((e) => e.type === 'reauth')).toHaveLength(1);
  });

  it('honours Retry-After on a 429, and returns a 29-minute 429 at once', async () => {
    const sim = await startSim();
    const { instance, events } = attached(sim, { maxBackoffMs: 5000 });
    let gets = 0;
    sim.fault = (r) => (r.method === 'GET' && gets++ === 0 ? { kind: 'rateLimit', retryAfterSeconds: 1 } : undefined);
    expect((await instance.get(`/sites/${SITE}/projects`)).status).toBe(200);
    expect(events.filter((e) => e.type === 'retry')).toMatchObject([{ status: 429, delayMs: 1000 }]);
    sim.fault = (r) => (r.method === 'GET' ? { kind: 'rateLimit', retryAfterSeconds: 29 * 60, header: false } : undefined);
    const before = sim.count('GET', '/projects');
    expect(await statusOf(instance.get(`/sites/${SITE}/projects`))).toBe(429);
    expect(sim.count('GET', '/projects') - before).toBe(1);
  });

  it('retries 5xx and connection resets on GET (bounded), never on POST', async () => {
    const sim = await startSim();
    const { instance } = attached(sim);
    let gets = 0;
    sim.fault = (r) => {
      if (r.endpoint === 'auth/signin') return undefined;
      if (r.method === 'GET') return [{ kind: 'status', status: 502, body: 'html' } as const, { kind: 'drop' } as const][gets++];
      return { kind: 'status', status: 500, body: 'html' };
    };
    expect((await instance.get(`/sites/${SITE}/projects`)).status).toBe(200);
    expect(gets).toBe(3);
    expect(await statusOf(instance.post(`/sites/${SITE}/projects`, { project: { name: 'x' } }))).toBe(500);
    expect(sim.count('POST', '/projects')).toBe(1);
    sim.fault = (r) => (r.method === 'GET' ? { kind: 'status', status: 503, body: 'html' } : undefined);
    const before = sim.count('GET', '/projects');
    expect(await statusOf(instance.get(`/sites/${SITE}/projects`))).toBe(503);
    expect(sim.count('GET', '/projects') - before).toBe(4);
    sim.fault = (r) => (r.method === 'POST' && r.endpoint !== 'auth/signin' ? { kind: 'drop' } : undefined);
    const dropped = await failure(instance.post(`/sites/${SITE}/projects`, { project: { name: 'y' } }));
    expect(dropped).toBeInstanceOf(AxiosError);
    expect((dropped as AxiosError).response).toBeUndefined();
    expect(sim.count('POST', '/projects')).toBe(2);
  });

  it('a sign-in answering 500 rejects every waiting request once', async () => {
    const sim = await startSim();
    let signIns = 0;
    sim.fault = (r) => (r.endpoint === 'auth/signin' ? (signIns++, { kind: 'status', status: 500 }) : undefined);
    const { instance } = attached(sim);
    const results = await Promise.allSettled([1, 2, 3].map(() => instance.get(`/sites/${SITE}/projects`)));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof TableauAuthError)).toBe(true);
    expect(signIns).toBe(1);
  });

  it('50 concurrent 401s share one failed re-sign-in (503), and the next request tries again', async () => {
    const sim = await startSim();
    const { instance } = attached(sim);
    await instance.get(`/sites/${SITE}/projects`);
    sim.expireAll();
    sim.fault = (r) => (r.endpoint === 'auth/signin' ? { kind: 'status', status: 503, body: 'html' } : undefined);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => instance.get(`/sites/${SITE}/projects`)));
    const reasons = new Set(results.map((r) => (r.status === 'rejected' ? (r.reason as unknown) : r.value)));
    expect(reasons.size).toBe(1);
    expect([...reasons][0]).toBeInstanceOf(TableauAuthError);
    expect([...reasons][0]).toMatchObject({ status: 503 });
    expect(sim.count('POST', '/auth/signin')).toBe(2);
    sim.fault = undefined;
    expect((await instance.get(`/sites/${SITE}/projects`)).status).toBe(200);
    expect(sim.count('POST', '/auth/signin')).toBe(3);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 50 });
  });

  it('recovers from a PAT session killed by another sign-in and reports patConflict', async () => {
    const sim = await startSim();
    const { instance, session, events } = attached(sim, { apiVersion: API });
    await session.signIn();
    for (let round = 0; round < 2; round++) {
      await axios.post(`${sim.url}/api/${API}/auth/signin`, { credentials: patCredentials() });
      expect((await instance.get(`/sites/${SITE}/projects`)).status).toBe(200);
    }
    expect(events.filter((e) => e.type === 'patConflict')).toMatchObject([{ patName: PAT.name, count: 2 }]);
  });

  it('keeps a hand-made sign-in through the instance working (JSON and XML) and re-signs in with its credentials', async () => {
    for (const format of ['JSON', 'XML'] as const) {
      const sim = await startSim();
      const { instance, session } = attached(sim, { credentials: undefined });
      const answer =
        format === 'JSON'
          ? await instance.post('/auth/signin', { credentials: patCredentials() }, { headers: { accept: 'application/json' } })
          : await instance.post(
              '/auth/signin',
              `<tsRequest><credentials personalAccessTokenName="${PAT.name}" personalAccessTokenSecret="${PAT.secret}"><site contentUrl=""/></credentials></tsRequest>`,
              { headers: { 'content-type': 'application/xml', accept: 'application/xml' } },
            );
      const token = format === 'JSON' ? (answer.data as { credentials: { token: string } }).credentials.token : /token="([^"]+)"/.exec(String(answer.data))?.[1];
      expect(token).toBe(session.token);
      instance.defaults.headers.common['X-Tableau-Auth'] = token;
      sim.expireAll();
      expect((await instance.get(`/sites/${SITE}/projects`)).status).toBe(200);
      expect(sim.stats().signIns).toBe(2);
    }
  });

  it('re-POSTs a redirected hand-made sign-in and sends later requests to the new origin', async () => {
    const sim = await startSim({ signinRedirect: true });
    const { instance, session } = attached(sim, { credentials: undefined });
    const answer = await instance.post('/auth/signin', { credentials: patCredentials() }, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(session.server).toBe(`http://localhost:${sim.port}`);
    expect((await instance.get(`/sites/${SITE}/projects`)).status).toBe(200);
    expect(sim.stats().signIns).toBe(1);
    expect(sim.log.filter((e) => e.status === 301)).toHaveLength(1);
  });

  it('sends the request that caused a redirected sign-in to the new origin, with the token', async () => {
    const sim = await startSim({ signinRedirect: true });
    const { instance, session } = attached(sim);
    const answer = await instance.get(`/sites/${SITE}/projects`);
    expect(answer.status).toBe(200);
    expect(session.server).toBe(`http://localhost:${sim.port}`);
    expect(instance.getUri(answer.config)).toBe(`http://localhost:${sim.port}/api/${API}/sites/${SITE}/projects`);
    expect(sim.log.filter((e) => e.status === 401)).toHaveLength(0);
    expect(sim.stats().signIns).toBe(1);
  });

  it('a hand-made sign-in redirected to a pod that fails leaves server where it was', async () => {
    const sim = await startSim();
    const pod = await startRecorder(503);
    let redirects = 0;
    sim.fault = (r) => (r.endpoint === 'auth/signin' && redirects++ === 0 ? { kind: 'redirect', status: 301, location: `${pod.url}${r.path}` } : undefined);
    const { instance, session } = attached(sim, { credentials: undefined });
    expect(await statusOf(instance.post('/auth/signin', { credentials: patCredentials() }))).toBe(503);
    expect(pod.received).toHaveLength(1);
    expect(session.server).toBe(sim.url);
    const answer = await instance.post('/auth/signin', { credentials: patCredentials() }, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(session.server).toBe(sim.url);
    expect((await instance.get(`/sites/${SITE}/projects`)).status).toBe(200);
  });

  it('follows a cross-origin redirect without the token, and never sends it to another origin', async () => {
    const sim = await startSim();
    const proxy = await startProxy(sim.url);
    const recorder = await startRecorder();
    const { instance } = attached(sim, { server: proxy.url }, `${proxy.url}/api/${API}`);
    proxy.redirect = (req) => (req.url?.endsWith('/elsewhere') ? { status: 302, location: `${recorder.url}/landing` } : undefined);
    const res = await instance.get('/elsewhere', { headers: { Cookie: 'workgroup_session_id=fake' } });
    expect(res.data).toEqual({ elsewhere: true });
    expect(recorder.received[0]).not.toHaveProperty('x-tableau-auth');
    expect(recorder.received[0]).not.toHaveProperty('cookie');
    await instance.get(`${recorder.url}/direct`, { headers: { 'X-Tableau-Auth': 'copied-by-legacy-code' } });
    expect(recorder.received[1]).not.toHaveProperty('x-tableau-auth');
  });

  it('applies timeoutMs to each attempt (GET retried, POST not) and honours the caller’s signal', async () => {
    const sim = await startSim();
    let gets = 0;
    let posts = 0;
    sim.fault = (r) => {
      if (r.endpoint === 'auth/signin') return undefined;
      if (r.method === 'GET') gets++;
      else posts++;
      return { kind: 'delay', ms: 1500 };
    };
    // Signed in without a time limit first (sessions for one PAT share the Tableau session): a sign-in slowed by a
    // busy machine must not hit the 100 ms limit meant for the delayed requests.
    await createTableauSession({ server: sim.url, apiVersion: API, credentials: patCredentials() }).signIn();
    const { instance } = attached(sim, { timeoutMs: 100, maxRetries: 1 });
    const timedOut = await failure(instance.get(`/sites/${SITE}/projects`));
    expect((timedOut as AxiosError).code).toBe('ECONNABORTED');
    expect(gets).toBe(2);
    await failure(instance.post(`/sites/${SITE}/projects`, { project: { name: 'x' } }));
    expect(posts).toBe(1);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const canceled = await failure(instance.get(`/sites/${SITE}/projects`, { signal: controller.signal, timeout: 0 }));
    expect(axios.isCancel(canceled)).toBe(true);
    expect(gets).toBe(3);
  });

  it('detaches: the instance no longer signs in or adds the token', async () => {
    const sim = await startSim();
    const { instance, detach } = attached(sim);
    detach();
    expect(await statusOf(instance.get(`/sites/${SITE}/projects`))).toBe(401);
    expect(sim.stats().signIns).toBe(0);
  });

  it('refuses what is not a session from createTableauSession, or not an axios instance', () => {
    const sim = { url: 'https://t.example.com' };
    const session = createTableauSession({ server: sim.url, credentials: patCredentials() });
    expect(() => attachToAxios(axios.create(), { ...session })).toThrow(TableauConfigError);
    expect(() => attachToAxios({} as AxiosInstance, session)).toThrow(TableauConfigError);
    // The default export is an instance too.
    const detach = attachToAxios(axios, session);
    detach();
  });
});
