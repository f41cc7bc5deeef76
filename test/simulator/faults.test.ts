/// <reference types="vitest/globals" />
import type { FaultRequest, LogEntry } from '../../src/simulator/index.js';
import { API, closeAll, code, DEMO_PAT, get, manualClock, post, sim, signInPat, xmlErrorCode } from './helpers.js';

afterEach(closeAll);

describe('fault injection', () => {
  describe('rate limit', () => {
    it('answers 429 / 429000 with "retry after" detail and Retry-After once N requests are used in the window', async () => {
      const clock = manualClock();
      const s = await sim({ rateLimit: { limit: 3, windowMs: 60_000 }, now: clock.now });
      const c = await signInPat(s.url); // 1: sign-in counts
      clock.advance(10_000);
      expect((await get(s.url, '/sessions/current', c.token)).status).toBe(200); // 2
      expect((await get(s.url, '/serverinfo')).status).toBe(200); // 3
      const limited = await get(s.url, '/sessions/current', c.token);
      expect(limited.status).toBe(429);
      expect(limited.json).toEqual({ error: { code: '429000', summary: 'Too Many Requests', detail: 'Please retry after 50 seconds.' } });
      expect(limited.headers.get('retry-after')).toBe('50');
      const xml = await fetch(`${s.url}${API}/serverinfo`);
      expect(xml.status).toBe(429);
      expect(xmlErrorCode(await xml.text())).toBe('429000');
      // The sliding window frees the sign-in's slot 60 s after it.
      clock.advance(50_000);
      expect((await get(s.url, '/sessions/current', c.token)).status).toBe(200);
      expect((await get(s.url, '/sessions/current', c.token)).status).toBe(429);
      expect(s.stats()).toMatchObject({ requests: 7, unauthorized: 0 });
    });

    it('words a long wait in minutes (a 29-minute 429) and a short one in seconds', async () => {
      const clock = manualClock();
      const long = await sim({ rateLimit: { limit: 1, windowMs: 29 * 60_000 }, now: clock.now });
      await get(long.url, '/serverinfo');
      const a = await get(long.url, '/serverinfo');
      expect((a.json as { error: { detail: string } }).error.detail).toBe('Please retry after 29 minutes.');
      expect(a.headers.get('retry-after')).toBe(String(29 * 60));
      const short = await sim({ rateLimit: { limit: 1, windowMs: 2000 }, now: clock.now });
      await get(short.url, '/serverinfo');
      const b = await get(short.url, '/serverinfo');
      expect((b.json as { error: { detail: string } }).error.detail).toBe('Please retry after 2 seconds.');
    });

    it('omits Retry-After with retryAfterHeader: false (the detail still says when)', async () => {
      const s = await sim({ rateLimit: { limit: 1, windowMs: 120_000, retryAfterHeader: false } });
      await get(s.url, '/serverinfo');
      const res = await get(s.url, '/serverinfo');
      expect(res.status).toBe(429);
      expect(res.headers.has('retry-after')).toBe(false);
      expect((res.json as { error: { detail: string } }).error.detail).toMatch(/^Please retry after 2 minutes\.$/);
    });
  });

  describe('fail rate', () => {
    it('fails every request other than sign-in with the fail status, HTML and Tableau bodies alternating', async () => {
      const s = await sim({ failRate: 1, failStatus: 503 });
      const c = await signInPat(s.url);
      const first = await get(s.url, '/sessions/current', c.token);
      expect(first.status).toBe(503);
      expect(first.headers.get('content-type')).toMatch(/^text\/html/);
      expect(first.text).toMatch(/^<!DOCTYPE html>/);
      expect(first.json).toBeUndefined();
      const second = await get(s.url, '/sessions/current', c.token);
      expect(second.status).toBe(503);
      expect(code(second)).toBe('503000');
      const third = await get(s.url, '/sessions/current', c.token);
      expect(third.headers.get('content-type')).toMatch(/^text\/html/);
      // Injected failures do not end the session.
      expect(s.stats()).toMatchObject({ signIns: 1, requests: 4, activeSessions: 1 });
    });

    it("failBody 'tableau' gives only Tableau error bodies; failStatus defaults to 500", async () => {
      const s = await sim({ failRate: 1, failBody: 'tableau' });
      for (let i = 0; i < 3; i++) {
        const res = await get(s.url, '/serverinfo');
        expect(res.status).toBe(500);
        expect(code(res)).toBe('500000');
      }
    });

    it('fails sign-ins only with signinFailRate, which counts neither as a sign-in nor as a failed one', async () => {
      const s = await sim({ signinFailRate: 1, failBody: 'html' });
      const res = await post(s.url, '/auth/signin', JSON.stringify({ credentials: { personalAccessTokenName: DEMO_PAT.name, personalAccessTokenSecret: DEMO_PAT.secret, site: { contentUrl: '' } } }));
      expect(res.status).toBe(500);
      expect(res.text).toMatch(/<html>/);
      expect((await get(s.url, '/serverinfo')).status).toBe(200);
      expect(s.stats()).toMatchObject({ signIns: 0, failedSignIns: 0, requests: 2 });
    });
  });

  it('drop rate resets the connection: the client gets a network error, and the server keeps serving', async () => {
    const entries: LogEntry[] = [];
    const s = await sim({ dropRate: 1, log: (e) => entries.push(e) });
    const c = await signInPat(s.url);
    await expect(fetch(`${s.url}${API}/sessions/current`, { headers: { 'x-tableau-auth': c.token } })).rejects.toThrow(TypeError);
    await expect(fetch(`${s.url}${API}/serverinfo`)).rejects.toThrow();
    expect((await fetch(`${s.url}/__sim/stats`)).status).toBe(200);
    await vi.waitFor(() => expect(entries.filter((e) => e.fault === 'drop')).toHaveLength(2));
    expect(entries.find((e) => e.fault === 'drop')).toMatchObject({ status: null, path: `${API}/sessions/current` });
    expect(s.stats()).toMatchObject({ requests: 3, activeSessions: 1 });
  });

  it('garbage rate answers 200 with a body that is neither XML nor JSON under an XML or JSON content type', async () => {
    const s = await sim({ garbageRate: 1 });
    const c = await signInPat(s.url);
    const json = await get(s.url, '/sessions/current', c.token);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(() => JSON.parse(json.text)).toThrow();
    const xml = await fetch(`${s.url}${API}/sessions/current`, { headers: { 'x-tableau-auth': c.token } });
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await xml.text()).not.toMatch(/^<\?xml|^<tsResponse/);
  });

  it('latency delays every answer: a caller timeout shorter than it aborts, a patient caller gets the answer', async () => {
    const entries: LogEntry[] = [];
    const s = await sim({ latencyMs: 300, log: (e) => entries.push(e) });
    await expect(fetch(`${s.url}${API}/serverinfo`, { signal: AbortSignal.timeout(50) })).rejects.toThrow(/abort|timeout/i);
    const res = await fetch(`${s.url}${API}/serverinfo`);
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(entries.filter((e) => e.status === 200)).toHaveLength(1));
    const answered = entries.find((e) => e.status === 200) as LogEntry;
    expect(answered.fault).toBe('latency');
    expect(answered.durationMs).toBeGreaterThanOrEqual(295);
  });

  describe('determinism', () => {
    async function statuses(seed: number): Promise<number[]> {
      const s = await sim({ failRate: 0.5, seed });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await get(s.url, '/serverinfo')).status);
      return out;
    }

    it('the same seed replays the same faults', async () => {
      const a = await statuses(42);
      expect(a).toContain(500);
      expect(a).toContain(200);
      expect(await statuses(42)).toEqual(a);
    });

    it('a random function picks exactly which requests fail (one die per enabled fault, in a fixed order)', async () => {
      // Dice: request 1 passes (0.9), request 2 fails (0.1), request 3 passes.
      const dice = [0.9, 0.1, 0.9];
      const s = await sim({ failRate: 0.5, failBody: 'tableau', random: () => dice.shift() ?? 0.99 });
      const got = [];
      for (let i = 0; i < 4; i++) got.push((await get(s.url, '/serverinfo')).status);
      expect(got).toEqual([200, 500, 200, 200]);
    });

    it('the fault callback forces a fault on a chosen request, and { kind: "none" } overrides the dice', async () => {
      const seen: FaultRequest[] = [];
      const s = await sim({
        failRate: 1,
        fault: (request) => {
          seen.push(request);
          if (request.endpoint === 'auth/signin') return { kind: 'none' };
          if (request.index === 3) return { kind: 'rateLimit', retryAfterSeconds: 29 * 60, header: false };
          if (request.index === 4) return { kind: 'status', status: 502, body: 'garbage' };
          if (request.index === 5) return { kind: 'delay', ms: 1 };
          return undefined;
        },
      });
      const c = await signInPat(s.url); // 1
      const workbooks = `/sites/${c.siteId}/workbooks`;
      expect((await get(s.url, workbooks, c.token)).status).toBe(500); // 2: the dice (failRate 1)
      const limited = await get(s.url, workbooks, c.token); // 3
      expect(limited.status).toBe(429);
      expect((limited.json as { error: { detail: string } }).error.detail).toBe('Please retry after 29 minutes.');
      expect(limited.headers.has('retry-after')).toBe(false);
      const garbage = await get(s.url, workbooks, c.token); // 4
      expect(garbage.status).toBe(502);
      expect(garbage.json).toBeUndefined();
      expect((await get(s.url, workbooks, c.token)).status).toBe(200); // 5: delayed, then handled normally
      expect(seen.map((r) => [r.index, r.method, r.endpoint])).toEqual([
        [1, 'POST', 'auth/signin'],
        [2, 'GET', 'sites/:siteId/workbooks'],
        [3, 'GET', 'sites/:siteId/workbooks'],
        [4, 'GET', 'sites/:siteId/workbooks'],
        [5, 'GET', 'sites/:siteId/workbooks'],
      ]);
      expect(seen[1].path).toBe(`${API}/sites/${c.siteId}/workbooks`);
    });
  });

  it('a redirect fault sends a chosen request elsewhere (another origin gets no token from a careful client)', async () => {
    const entries: LogEntry[] = [];
    const other = await sim({ log: (e) => entries.push(e) });
    const s = await sim({ fault: (r) => (r.endpoint === 'sessions/current' ? { kind: 'redirect', location: `${other.url}${API}/sessions/current`, status: 307 } : undefined) });
    const c = await signInPat(s.url);
    const res = await fetch(`${s.url}${API}/sessions/current`, { headers: { 'x-tableau-auth': c.token }, redirect: 'manual' });
    expect(res.status).toBe(307);
    const location = res.headers.get('location') as string;
    expect(location).toBe(`${other.url}${API}/sessions/current`);
    const followed = await fetch(location, { headers: { accept: 'application/json' } });
    expect(followed.status).toBe(401);
    await vi.waitFor(() => expect(entries).toHaveLength(1));
    expect(entries[0]).toMatchObject({ status: 401, code: '401000', reason: expect.stringMatching(/^no token/) });
  });

  it('answers 500 with the reason when the fault callback misbehaves, and keeps serving', async () => {
    let calls = 0;
    const s = await sim({
      fault: () => {
        calls++;
        if (calls === 1) throw new Error('callback exploded');
        if (calls === 2) return { kind: 'teleport' } as never;
        if (calls === 3) return { kind: 'delay', ms: 2 ** 31 }; // longer than a timer can wait
        return undefined;
      },
    });
    const thrown = await fetch(`${s.url}${API}/serverinfo`);
    expect(thrown.status).toBe(500);
    expect(await thrown.text()).toContain('callback exploded');
    const unknown = await fetch(`${s.url}${API}/serverinfo`);
    expect(unknown.status).toBe(500);
    expect(await unknown.text()).toContain('unknown fault &quot;teleport&quot;');
    const overflow = await fetch(`${s.url}${API}/serverinfo`);
    expect(overflow.status).toBe(500);
    expect(await overflow.text()).toContain('a delay of 2147483648 ms; it must be from 0 to 2147483647');
    expect((await fetch(`${s.url}${API}/serverinfo`)).status).toBe(200);
  });

  it('logs one entry per request with method, path, status, code and reason, and never a token or secret', async () => {
    const entries: LogEntry[] = [];
    const clock = manualClock();
    const s = await sim({ tokenTtlMs: 1000, now: clock.now, log: (e) => entries.push(e) });
    const c = await signInPat(s.url);
    await get(s.url, `/sessions/current?token=${encodeURIComponent('query-secret')}`, c.token);
    clock.advance(1000);
    await get(s.url, '/sessions/current', c.token);
    await signInPat(s.url, { name: DEMO_PAT.name, secret: 'fake-wrong-secret' }).catch(() => undefined);
    await vi.waitFor(() => expect(entries).toHaveLength(4));
    expect(entries.map((e) => [e.method, e.path, e.status, e.code])).toEqual([
      ['POST', `${API}/auth/signin`, 200, undefined],
      ['GET', `${API}/sessions/current`, 200, undefined],
      ['GET', `${API}/sessions/current`, 401, '401002'],
      ['POST', `${API}/auth/signin`, 401, '401001'],
    ]);
    expect(entries[2].reason).toBe('token expired (idle for 1s or more)');
    expect(entries[3].reason).toBe('wrong secret for PAT "demo-pat"');
    const all = JSON.stringify(entries);
    for (const secret of [c.token, c.token.split('|')[0], c.token.split('|')[1], DEMO_PAT.secret, 'fake-wrong-secret', 'query-secret']) {
      expect(all).not.toContain(secret);
    }
  });
});
