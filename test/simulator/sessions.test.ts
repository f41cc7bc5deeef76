/// <reference types="vitest/globals" />
import { siteLuid } from '../../src/simulator/index.js';
import { API, closeAll, code, DEMO_PAT, get, manualClock, post, sim, signInPat, signInUser, xmlAttr, xmlErrorCode } from './helpers.js';

afterEach(closeAll);

const current = (url: string, token?: string) => get(url, '/sessions/current', token);

describe('sessions', () => {
  it('sessions/current returns the session site and user, in JSON and XML', async () => {
    const s = await sim();
    const c = await signInPat(s.url, DEMO_PAT, 'marketing');
    const json = await current(s.url, c.token);
    expect(json.status).toBe(200);
    expect(json.json).toMatchObject({ session: { site: { id: c.siteId, contentUrl: 'marketing', name: 'Marketing' }, user: { id: c.userId, name: 'demo-pat' } } });
    const xml = await fetch(`${s.url}${API}/sessions/current`, { headers: { 'x-tableau-auth': c.token } });
    const text = await xml.text();
    expect(xmlAttr(text, 'site', 'id')).toBe(c.siteId);
    expect(xmlAttr(text, 'user', 'id')).toBe(c.userId);
  });

  it('gives 401000 with no token, 401002 for an unknown one, in XML and JSON', async () => {
    const s = await sim();
    const none = await current(s.url);
    expect(none.status).toBe(401);
    expect(code(none)).toBe('401000');
    expect(none.json).toMatchObject({ error: { code: '401000', summary: expect.any(String), detail: expect.any(String) } });
    const unknown = await fetch(`${s.url}${API}/sessions/current`, { headers: { 'X-Tableau-Auth': 'made-up-token' } });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('content-type')).toMatch(/xml/);
    expect(xmlErrorCode(await unknown.text())).toBe('401002');
  });

  it('accepts the token as the workgroup_session_id cookie too', async () => {
    const s = await sim();
    const c = await signInPat(s.url);
    const res = await get(s.url, '/sessions/current', undefined, { cookie: `theme=dark; workgroup_session_id=${c.token}; other=1` });
    expect(res.status).toBe(200);
  });

  it('expires a session after the idle TTL, and each authenticated call resets the idle timer', async () => {
    const clock = manualClock();
    const s = await sim({ tokenTtlMs: 300, now: clock.now });
    const c = await signInPat(s.url);
    for (let i = 0; i < 5; i++) {
      clock.advance(299);
      expect((await current(s.url, c.token)).status, `call ${i} after 299 ms idle`).toBe(200);
    }
    // 5 x 299 ms since sign-in: far past one TTL, alive because of the activity. Now stay idle for a full TTL.
    clock.advance(300);
    const expired = await current(s.url, c.token);
    expect(expired.status).toBe(401);
    expect(code(expired)).toBe('401002');
    expect(expired.headers.get('x-simulator-reason')).toBe('expired-idle');
    expect(s.stats().activeSessions).toBe(0);
  });

  it('expires in real time too (300 ms TTL)', async () => {
    const s = await sim({ tokenTtlMs: 300 });
    const c = await signInPat(s.url);
    expect((await current(s.url, c.token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(code(await current(s.url, c.token))).toBe('401002');
  });

  it('does not reset the idle timer on a request that fails authentication (serverinfo needs no token)', async () => {
    const clock = manualClock();
    const s = await sim({ tokenTtlMs: 300, now: clock.now });
    const c = await signInPat(s.url);
    clock.advance(200);
    expect((await get(s.url, '/serverinfo')).status).toBe(200);
    clock.advance(100);
    expect((await current(s.url, c.token)).status).toBe(401);
  });

  it('ends a session at the absolute cap whatever the activity', async () => {
    const clock = manualClock();
    const s = await sim({ tokenTtlMs: 1000, tokenMaxAgeMs: 2500, now: clock.now });
    const c = await signInPat(s.url);
    clock.advance(900);
    expect((await current(s.url, c.token)).status).toBe(200);
    clock.advance(900);
    expect((await current(s.url, c.token)).status).toBe(200);
    clock.advance(699);
    expect((await current(s.url, c.token)).status).toBe(200);
    clock.advance(1);
    const capped = await current(s.url, c.token);
    expect(code(capped)).toBe('401002');
    expect(capped.headers.get('x-simulator-reason')).toBe('expired-max-age');
  });

  it('--expired-code 401000 changes what expired tokens get, not what signed-out or unknown tokens get', async () => {
    const clock = manualClock();
    const s = await sim({ tokenTtlMs: 300, expiredCode: '401000', now: clock.now });
    const a = await signInUser(s.url);
    const b = await signInUser(s.url);
    expect((await post(s.url, '/auth/signout', '', { token: b.token })).status).toBe(204);
    clock.advance(300);
    expect(code(await current(s.url, a.token))).toBe('401000');
    expect(code(await current(s.url, b.token))).toBe('401002');
    expect(code(await current(s.url, 'unknown'))).toBe('401002');
  });

  it('a new sign-in with the same PAT kills the previous session (401002); other PATs and passwords are unaffected', async () => {
    const s = await sim({ pats: [{ name: 'shared', secret: 'fake-a' }, { name: 'other', secret: 'fake-b' }], users: [{ name: 'u', password: 'fake-c' }] });
    const first = await signInPat(s.url, { name: 'shared', secret: 'fake-a' });
    const other = await signInPat(s.url, { name: 'other', secret: 'fake-b' });
    const pw1 = await signInUser(s.url, { name: 'u', password: 'fake-c' });
    const pw2 = await signInUser(s.url, { name: 'u', password: 'fake-c' });
    expect(s.stats().activeSessions).toBe(4);

    const second = await signInPat(s.url, { name: 'shared', secret: 'fake-a' }, 'finance');
    const killed = await current(s.url, first.token);
    expect(killed.status).toBe(401);
    expect(code(killed)).toBe('401002');
    expect(killed.headers.get('x-simulator-reason')).toBe('pat-reused');
    for (const alive of [second, other, pw1, pw2]) expect((await current(s.url, alive.token)).status).toBe(200);
    expect(s.stats()).toMatchObject({ signIns: 5, activeSessions: 4, unauthorized: 1 });
  });

  it('a PAT session that expired before the same PAT signed in again gets the expiry answer, not pat-reused', async () => {
    const clock = manualClock();
    // 401000 for expiry, so the expiry answer and the PAT re-use answer (always 401002) differ in code too.
    const s = await sim({ tokenTtlMs: 300, tokenMaxAgeMs: 1000, expiredCode: '401000', now: clock.now });
    const idle = await signInPat(s.url);
    clock.advance(300); // idle for a full TTL: expired by time, nobody has looked yet
    const next = await signInPat(s.url);
    const late = await current(s.url, idle.token);
    expect(late.status).toBe(401);
    expect(code(late)).toBe('401000');
    expect(late.headers.get('x-simulator-reason')).toBe('expired-idle');

    // The absolute cap too: keep `next` busy past the cap, then sign in again with the same PAT.
    for (let i = 0; i < 3; i++) {
      clock.advance(250);
      expect((await current(s.url, next.token)).status).toBe(200);
    }
    clock.advance(250); // 1000 ms since sign-in (the cap), only 250 ms idle
    const third = await signInPat(s.url);
    const capped = await current(s.url, next.token);
    expect(code(capped)).toBe('401000');
    expect(capped.headers.get('x-simulator-reason')).toBe('expired-max-age');

    // A session still alive when the PAT signs in again is ended by the re-use (401002, pat-reused).
    clock.advance(100);
    await signInPat(s.url);
    const reused = await current(s.url, third.token);
    expect(code(reused)).toBe('401002');
    expect(reused.headers.get('x-simulator-reason')).toBe('pat-reused');
    expect(s.stats()).toMatchObject({ signIns: 4, activeSessions: 1 });
  });

  it('signs out with 204; signing out again gives 401002, and the token is dead', async () => {
    const s = await sim();
    const c = await signInPat(s.url);
    const out = await post(s.url, '/auth/signout', '', { token: c.token });
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    const again = await post(s.url, '/auth/signout', '', { token: c.token });
    expect(again.status).toBe(401);
    expect(code(again)).toBe('401002');
    expect(code(await current(s.url, c.token))).toBe('401002');
    expect(s.stats()).toMatchObject({ signOuts: 1, unauthorized: 2, activeSessions: 0 });
  });

  describe('switchSite', () => {
    it('gives a new token and site id; the old token dies', async () => {
      const s = await sim();
      const c = await signInPat(s.url);
      const res = await post(s.url, '/auth/switchSite', '<tsRequest><site contentUrl="finance"/></tsRequest>', { token: c.token, accept: 'application/xml' });
      expect(res.status).toBe(200);
      const token = xmlAttr(res.text, 'credentials', 'token') as string;
      expect(token).not.toBe(c.token);
      expect(xmlAttr(res.text, 'site', 'id')).toBe(siteLuid('finance'));
      expect(xmlAttr(res.text, 'site', 'contentUrl')).toBe('finance');
      expect(code(await current(s.url, c.token))).toBe('401002');
      expect((await current(s.url, token)).json).toMatchObject({ session: { site: { contentUrl: 'finance' } } });
      expect(s.stats()).toMatchObject({ switchSites: 1, activeSessions: 1 });
    });

    it('answers JSON bodies in JSON, keeps the PAT rule (the switched session is the PAT one session)', async () => {
      const s = await sim();
      const c = await signInPat(s.url);
      const res = await post(s.url, '/auth/switchSite', JSON.stringify({ site: { contentUrl: 'marketing' } }), { token: c.token });
      const next = (res.json as { credentials: { token: string; site: { id: string } } }).credentials;
      expect(next.site.id).toBe(siteLuid('marketing'));
      await signInPat(s.url);
      expect(code(await current(s.url, next.token))).toBe('401002');
    });

    it('to the current site gives 403070; to an unknown site 404; a malformed body 400', async () => {
      const s = await sim();
      const c = await signInPat(s.url, DEMO_PAT, 'marketing');
      const same = await post(s.url, '/auth/switchSite', JSON.stringify({ site: { contentUrl: 'marketing' } }), { token: c.token });
      expect(same.status).toBe(403);
      expect(code(same)).toBe('403070');
      const unknown = await post(s.url, '/auth/switchSite', JSON.stringify({ site: { contentUrl: 'nowhere' } }), { token: c.token });
      expect(unknown.status).toBe(404);
      const malformed = await post(s.url, '/auth/switchSite', '<tsRequest><site contentUrl="finance"></tsRequest>', { token: c.token });
      expect(malformed.status).toBe(400);
      expect(code(malformed)).toMatch(/^400\d{3}$/);
      // None of these ended the session.
      expect((await current(s.url, c.token)).status).toBe(200);
      expect(s.stats()).toMatchObject({ switchSites: 0, forbidden: 1 });
    });

    it('needs a valid token (401)', async () => {
      const s = await sim();
      const res = await post(s.url, '/auth/switchSite', JSON.stringify({ site: { contentUrl: 'marketing' } }), { token: 'nope' });
      expect(code(res)).toBe('401002');
    });
  });

  describe('a token used on another site', () => {
    it('gets 403 with an error body by default (XML and JSON), and counts as forbidden', async () => {
      const s = await sim();
      const c = await signInPat(s.url, DEMO_PAT, 'marketing');
      const own = await get(s.url, `/sites/${c.siteId}/projects`, c.token);
      expect(own.status).toBe(200);
      const foreign = await get(s.url, `/sites/${siteLuid('finance')}/projects`, c.token);
      expect(foreign.status).toBe(403);
      expect(code(foreign)).toMatch(/^403\d{3}$/);
      const xml = await fetch(`${s.url}${API}/sites/${siteLuid('finance')}/workbooks`, { headers: { 'x-tableau-auth': c.token } });
      expect(xml.status).toBe(403);
      expect(xmlErrorCode(await xml.text())).toMatch(/^403\d{3}$/);
      expect(s.stats()).toMatchObject({ forbidden: 2, unauthorized: 0 });
      // A 403 does not end the session.
      expect((await current(s.url, c.token)).status).toBe(200);
    });

    it('gets 401 (401002) with foreignSiteStatus 401', async () => {
      const s = await sim({ foreignSiteStatus: 401 });
      const c = await signInPat(s.url, DEMO_PAT, 'marketing');
      const foreign = await get(s.url, `/sites/${siteLuid('finance')}/users`, c.token);
      expect(foreign.status).toBe(401);
      expect(code(foreign)).toBe('401002');
      expect(s.stats()).toMatchObject({ forbidden: 0, unauthorized: 1 });
    });

    it('treats a content URL in the path as another site unless allowContentUrlInPath', async () => {
      const strict = await sim();
      const a = await signInPat(strict.url, DEMO_PAT, 'marketing');
      expect((await get(strict.url, '/sites/marketing/projects', a.token)).status).toBe(403);
      const lenient = await sim({ allowContentUrlInPath: true });
      const b = await signInPat(lenient.url, DEMO_PAT, 'marketing');
      expect((await get(lenient.url, '/sites/marketing/projects', b.token)).status).toBe(200);
      expect((await get(lenient.url, '/sites/finance/projects', b.token)).status).toBe(403);
    });
  });

  describe('control: expireAll, /__sim/expire, reset, /__sim/reset', () => {
    it('POST /__sim/expire ends every session as expired (no sleeping needed)', async () => {
      const s = await sim({ expiredCode: '401000' });
      const a = await signInPat(s.url);
      const b = await signInUser(s.url);
      const res = await fetch(`${s.url}/__sim/expire`, { method: 'POST' });
      expect(res.status).toBe(204);
      expect(code(await current(s.url, a.token))).toBe('401000');
      expect(code(await current(s.url, b.token))).toBe('401000');
      expect(s.stats().activeSessions).toBe(0);
    });

    it('expireAll() does the same from the library', async () => {
      const s = await sim();
      const a = await signInPat(s.url);
      s.expireAll();
      const res = await current(s.url, a.token);
      expect(code(res)).toBe('401002');
      expect(res.headers.get('x-simulator-reason')).toBe('expired-forced');
      // A fresh sign-in works as before.
      expect((await current(s.url, (await signInPat(s.url)).token)).status).toBe(200);
    });

    it('reset zeroes the counters, ends all sessions and restores seeded content; /__sim/* is not counted', async () => {
      const s = await sim();
      const c = await signInPat(s.url);
      await post(s.url, `/sites/${c.siteId}/projects`, JSON.stringify({ project: { name: 'Temp' } }), { token: c.token });
      await signInUser(s.url, { name: 'demo-user', password: 'wrong' }).catch(() => undefined);
      await get(s.url, '/sessions/current');
      expect((await (await fetch(`${s.url}/__sim/stats`)).json())).toEqual({ signIns: 1, failedSignIns: 1, switchSites: 0, signOuts: 0, requests: 4, unauthorized: 1, forbidden: 0, activeSessions: 1 });
      expect((await fetch(`${s.url}/__sim/reset`, { method: 'POST' })).status).toBe(204);
      expect(s.stats()).toEqual({ signIns: 0, failedSignIns: 0, switchSites: 0, signOuts: 0, requests: 0, unauthorized: 0, forbidden: 0, activeSessions: 0 });
      expect(code(await current(s.url, c.token))).toBe('401002');
      const d = await signInPat(s.url);
      const projects = await get(s.url, `/sites/${d.siteId}/projects?filter=name:eq:Temp`, d.token);
      expect(projects.json).toMatchObject({ pagination: { totalAvailable: '0' } });
      s.reset();
      expect(s.stats().requests).toBe(0);
    });

    it('stats() is synchronous and equals GET /__sim/stats, with exact counters', async () => {
      const s = await sim();
      const a = await signInPat(s.url); // signIns 1, requests 1
      await signInUser(s.url, { name: 'demo-user', password: 'wrong' }).catch(() => undefined); // failedSignIns 1, requests 2
      await post(s.url, '/auth/signin', '<tsRequest><oops'); // 400: neither signIn nor failed, requests 3
      const switched = await post(s.url, '/auth/switchSite', JSON.stringify({ site: { contentUrl: 'finance' } }), { token: a.token }); // switchSites 1, requests 4
      const b = (switched.json as { credentials: { token: string; site: { id: string } } }).credentials;
      await get(s.url, `/sites/${siteLuid('')}/projects`, b.token); // forbidden 1, requests 5
      await get(s.url, '/sessions/current', a.token); // unauthorized 1, requests 6
      await get(s.url, '/sessions/current'); // unauthorized 2, requests 7
      await post(s.url, '/auth/signout', '', { token: b.token }); // signOuts 1, requests 8
      await get(s.url, '/no/such/route'); // 404, requests 9
      const expected = { signIns: 1, failedSignIns: 1, switchSites: 1, signOuts: 1, requests: 9, unauthorized: 2, forbidden: 1, activeSessions: 0 };
      const stats = s.stats();
      expect(stats).not.toBeInstanceOf(Promise);
      expect(stats).toEqual(expected);
      const http = await fetch(`${s.url}/__sim/stats`);
      expect(http.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await http.json()).toEqual(expected);
      expect(s.stats()).toEqual(expected);
    });

    it('answers unknown control paths with 404 and wrong methods with 405', async () => {
      const s = await sim();
      expect((await fetch(`${s.url}/__sim/nope`)).status).toBe(404);
      const wrong = await fetch(`${s.url}/__sim/reset`);
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('POST');
      expect((await fetch(`${s.url}/__sim/stats`, { method: 'POST' })).status).toBe(405);
    });
  });

  it('answers 50 concurrent requests on one token, then 50 concurrent 401s after expiry, counting each', async () => {
    const s = await sim();
    const c = await signInPat(s.url);
    const burst = () => Promise.all(Array.from({ length: 50 }, () => current(s.url, c.token)));
    expect((await burst()).map((r) => r.status)).toEqual(Array(50).fill(200));
    s.expireAll();
    const after = await burst();
    expect(after.map((r) => code(r))).toEqual(Array(50).fill('401002'));
    expect(s.stats()).toEqual({ signIns: 1, failedSignIns: 0, switchSites: 0, signOuts: 0, requests: 101, unauthorized: 50, forbidden: 0, activeSessions: 0 });
  });

  it('gives every sign-in a different, unguessable token', async () => {
    const s = await sim();
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i++) tokens.add((await signInUser(s.url)).token);
    expect(tokens.size).toBe(20);
  });
});
