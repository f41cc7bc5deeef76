/// <reference types="vitest/globals" />
import { siteLuid } from '../../src/simulator/index.js';
import { API, closeAll, code, DEMO_PAT, DEMO_USER, jwt, manualClock, patXml, post, sim, signInJson, signInPat, xmlAttr, xmlErrorCode } from './helpers.js';

afterEach(closeAll);

describe('sign-in', () => {
  it('accepts a PAT in XML and answers XML by default, with token, site, user and estimatedTimeToExpiration', async () => {
    const s = await sim();
    const res = await fetch(`${s.url}${API}/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: patXml(DEMO_PAT.name, DEMO_PAT.secret) });
    const xml = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(xml).toMatch(/^<\?xml/);
    expect(xmlAttr(xml, 'credentials', 'token')).toMatch(/^[\w-]{22}\|[\w-]{32}\|[0-9a-f-]{36}$/);
    expect(xmlAttr(xml, 'credentials', 'estimatedTimeToExpiration')).toMatch(/^\d+:\d{2}:\d{2}$/);
    expect(xmlAttr(xml, 'site', 'id')).toBe(siteLuid(''));
    expect(xmlAttr(xml, 'site', 'contentUrl')).toBe('');
    expect(xmlAttr(xml, 'user', 'id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts name/password in JSON and answers JSON when Accept asks for it, without estimatedTimeToExpiration', async () => {
    const s = await sim();
    const c = await signInJson(s.url, { name: DEMO_USER.name, password: DEMO_USER.password }, 'marketing');
    expect(c.contentUrl).toBe('marketing');
    expect(c.siteId).toBe(siteLuid('marketing'));
    expect(c.token).toContain(c.siteId);
    expect(c.estimatedTimeToExpiration).toBeUndefined();
  });

  it('takes the request and response formats independently (JSON body, XML answer; XML body, JSON answer)', async () => {
    const s = await sim();
    const xmlAnswer = await post(s.url, '/auth/signin', JSON.stringify({ credentials: { ...{ personalAccessTokenName: DEMO_PAT.name, personalAccessTokenSecret: DEMO_PAT.secret }, site: { contentUrl: 'finance' } } }), { accept: 'application/xml', contentType: 'application/json' });
    expect(xmlAnswer.status).toBe(200);
    expect(xmlAttr(xmlAnswer.text, 'site', 'contentUrl')).toBe('finance');
    // No content type at all (fetch sends text/plain for a string body): the first character decides.
    const jsonAnswer = await post(s.url, '/auth/signin', patXml(DEMO_PAT.name, DEMO_PAT.secret, 'finance'));
    expect(jsonAnswer.status).toBe(200);
    expect((jsonAnswer.json as { credentials: { site: { contentUrl: string } } }).credentials.site.contentUrl).toBe('finance');
  });

  it('works under any API version and matches the site content URL case-insensitively', async () => {
    const s = await sim();
    for (const version of ['2.8', '3.6', '3.25', '9.99']) {
      const res = await fetch(`${s.url}/api/${version}/auth/signin`, { method: 'POST', body: patXml(DEMO_PAT.name, DEMO_PAT.secret, 'Marketing') });
      expect(res.status, version).toBe(200);
      expect(xmlAttr(await res.text(), 'site', 'contentUrl')).toBe('marketing');
    }
  });

  it('answers 401001 for a wrong secret, an unknown PAT, a wrong password, an unknown user and an unknown site', async () => {
    const s = await sim({ pats: [{ name: 'ci-bot', secret: 'fake-secret:a:b' }], users: [{ name: 'alice', password: 'fake-pw' }] });
    const cases = [
      { personalAccessTokenName: 'ci-bot', personalAccessTokenSecret: 'fake-secret:a' },
      { personalAccessTokenName: 'other', personalAccessTokenSecret: 'fake-secret:a:b' },
      { name: 'alice', password: 'wrong' },
      { name: 'bob', password: 'fake-pw' },
    ];
    for (const credentials of cases) {
      const res = await post(s.url, '/auth/signin', JSON.stringify({ credentials: { ...credentials, site: { contentUrl: '' } } }));
      expect(res.status).toBe(401);
      expect(code(res)).toBe('401001');
      expect(res.text).not.toContain('fake-');
    }
    const unknownSite = await post(s.url, '/auth/signin', JSON.stringify({ credentials: { name: 'alice', password: 'fake-pw', site: { contentUrl: 'nowhere' } } }));
    expect(code(unknownSite)).toBe('401001');
    // The configured credentials replace the demo ones.
    await expect(signInPat(s.url)).rejects.toThrow(/401/);
    expect(s.stats()).toMatchObject({ signIns: 0, failedSignIns: 6, unauthorized: 0 });
  });

  it('splits nothing itself: a PAT secret with colons works as configured', async () => {
    const s = await sim({ pats: [{ name: 'p', secret: 'fake:secret:with:colons' }] });
    await expect(signInPat(s.url, { name: 'p', secret: 'fake:secret:with:colons' })).resolves.toMatchObject({ contentUrl: '' });
  });

  it('treats a missing site element as the default site', async () => {
    const s = await sim();
    const res = await post(s.url, '/auth/signin', `<tsRequest><credentials name="demo-user" password="fake-password"/></tsRequest>`);
    expect(res.status).toBe(200);
  });

  describe('connected-app JWT (unsigned: only sub and exp are checked)', () => {
    it('accepts a JWT whose exp is in the future, in XML and JSON', async () => {
      const s = await sim();
      const token = jwt({ sub: 'someone@example.com', exp: Math.floor(Date.now() / 1000) + 300, iss: 'fake-client-id' });
      const json = await post(s.url, '/auth/signin', JSON.stringify({ credentials: { jwt: token, site: { contentUrl: '' } } }));
      expect(json.status).toBe(200);
      const xml = await post(s.url, '/auth/signin', `<tsRequest><credentials jwt="${token}"><site contentUrl="finance"/></credentials></tsRequest>`, { accept: 'application/xml' });
      expect(xmlAttr(xml.text, 'site', 'contentUrl')).toBe('finance');
    });

    it('rejects with 401001 an expired JWT, one without sub, a malformed one, and a sub that is no configured user', async () => {
      const clock = manualClock();
      const nowS = clock.now() / 1000;
      const s = await sim({ users: [{ name: 'alice@example.com', password: 'fake-pw' }], now: clock.now });
      const bad = [jwt({ sub: 'alice@example.com', exp: nowS - 1 }), jwt({ exp: nowS + 60 }), 'not-a-jwt', 'a.%%%.c', jwt({ sub: 'mallory@example.com', exp: nowS + 60 })];
      for (const token of bad) {
        const res = await post(s.url, '/auth/signin', JSON.stringify({ credentials: { jwt: token, site: { contentUrl: '' } } }));
        expect(res.status, token).toBe(401);
        expect(code(res)).toBe('401001');
      }
      const good = await post(s.url, '/auth/signin', JSON.stringify({ credentials: { jwt: jwt({ sub: 'ALICE@example.com', exp: nowS + 60 }), site: { contentUrl: '' } } }));
      expect(good.status).toBe(200);
    });
  });

  describe('flavor cloud', () => {
    it('requires a non-empty site: the default site gives 401001', async () => {
      const s = await sim({ flavor: 'cloud' });
      const res = await post(s.url, '/auth/signin', JSON.stringify({ credentials: { ...{ name: DEMO_USER.name, password: DEMO_USER.password }, site: { contentUrl: '' } } }));
      expect(code(res)).toBe('401001');
      await expect(signInPat(s.url, DEMO_PAT, 'marketing')).resolves.toMatchObject({ contentUrl: 'marketing' });
    });

    it('defaults sessions to 120 minutes of idle time (server: 240)', async () => {
      const clock = manualClock();
      const cloud = await sim({ flavor: 'cloud', now: clock.now });
      const server = await sim({ now: clock.now });
      const a = await signInPat(cloud.url, DEMO_PAT, 'marketing');
      const b = await signInPat(server.url);
      clock.advance(120 * 60_000);
      expect((await fetch(`${cloud.url}${API}/sessions/current`, { headers: { 'x-tableau-auth': a.token } })).status).toBe(401);
      expect((await fetch(`${server.url}${API}/sessions/current`, { headers: { 'x-tableau-auth': b.token } })).status).toBe(200);
      clock.advance(240 * 60_000);
      expect((await fetch(`${server.url}${API}/sessions/current`, { headers: { 'x-tableau-auth': b.token } })).status).toBe(401);
    });
  });

  describe('--signin-redirect', () => {
    it('answers the first sign-in with 301 to the other loopback origin; the re-POSTed sign-in there succeeds', async () => {
      const s = await sim({ signinRedirect: true });
      const first = await fetch(`${s.url}${API}/auth/signin`, { method: 'POST', body: patXml(DEMO_PAT.name, DEMO_PAT.secret), redirect: 'manual' });
      expect(first.status).toBe(301);
      const location = first.headers.get('location');
      expect(location).toBe(`http://localhost:${s.port}${API}/auth/signin`);
      const again = await fetch(location as string, { method: 'POST', body: patXml(DEMO_PAT.name, DEMO_PAT.secret) });
      expect(again.status).toBe(200);
      // Only the first one: the original origin answers normally afterwards.
      const later = await fetch(`${s.url}${API}/auth/signin`, { method: 'POST', body: patXml(DEMO_PAT.name, DEMO_PAT.secret), redirect: 'manual' });
      expect(later.status).toBe(200);
      expect(s.stats()).toMatchObject({ signIns: 2, requests: 3 });
    });

    it('breaks a client that lets fetch follow the redirect (fetch turns the POST into a GET: 405)', async () => {
      const s = await sim({ signinRedirect: true });
      const res = await fetch(`${s.url}${API}/auth/signin`, { method: 'POST', body: patXml(DEMO_PAT.name, DEMO_PAT.secret) });
      expect(res.status).toBe(405);
      expect(xmlErrorCode(await res.text())).toBe('405000');
    });

    it("'always' redirects every sign-in that does not arrive at localhost", async () => {
      const s = await sim({ signinRedirect: 'always' });
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${s.url}${API}/auth/signin`, { method: 'POST', body: patXml(DEMO_PAT.name, DEMO_PAT.secret), redirect: 'manual' });
        expect(res.status).toBe(301);
      }
      const pod = await fetch(`http://localhost:${s.port}${API}/auth/signin`, { method: 'POST', body: patXml(DEMO_PAT.name, DEMO_PAT.secret), redirect: 'manual' });
      expect(pod.status).toBe(200);
    });
  });

  it('reports a PAT expiry: estimatedTimeToExpiration counts down, and an expired PAT gives 401001', async () => {
    const clock = manualClock();
    const s = await sim({ pats: [{ name: 'p', secret: 'fake-s', expiresAt: clock.now() + (177 * 3600 + 5 * 60 + 38) * 1000 }], now: clock.now });
    expect((await signInPat(s.url, { name: 'p', secret: 'fake-s' })).estimatedTimeToExpiration).toBe('177:05:38');
    clock.advance(178 * 3_600_000);
    await expect(signInPat(s.url, { name: 'p', secret: 'fake-s' })).rejects.toThrow(/401001/);
  });

  it('supports impersonation by user id, and refuses an unknown id with 401001', async () => {
    const s = await sim();
    const users = await fetch(`${s.url}${API}/sites/${siteLuid('')}/users?pageSize=5`, { headers: { accept: 'application/json', 'x-tableau-auth': (await signInPat(s.url)).token } });
    const target = ((await users.json()) as { users: { user: { id: string; name: string }[] } }).users.user[3];
    const as = await signInJson(s.url, { name: DEMO_USER.name, password: DEMO_USER.password, user: { id: target.id } });
    expect(as.userId).toBe(target.id);
    await expect(signInJson(s.url, { name: DEMO_USER.name, password: DEMO_USER.password, user: { id: 'no-such-user' } })).rejects.toThrow(/401001/);
  });
});
