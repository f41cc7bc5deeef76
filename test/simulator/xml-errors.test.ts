/// <reference types="vitest/globals" />
// Error bodies in XML, as Tableau sends them when the request asks for XML (or says nothing):
// <tsResponse xmlns="http://tableau.com/api"><error code="401002"><summary>...</summary><detail>...</detail></error></tsResponse>
import { API, closeAll, DEMO_PAT, manualClock, patXml, sim, signInPat } from './helpers.js';

afterEach(closeAll);

interface XmlError {
  code: string;
  summary: string;
  detail: string;
}

/** Checks the whole shape, test-side (not the simulator's parser), and returns the error's parts. */
function tableauXmlError(body: string): XmlError {
  const match =
    /^<\?xml version=['"]1\.0['"] encoding=['"]UTF-8['"]\?>\s*<tsResponse\b([^>]*)>\s*<error code="(\d{6})"\s*>\s*<summary>([^<]*)<\/summary>\s*<detail>([^<]*)<\/detail>\s*<\/error>\s*<\/tsResponse>\s*$/.exec(body);
  if (!match) throw new Error(`not a Tableau XML error body: ${body.slice(0, 300)}`);
  expect(match[1]).toMatch(/\sxmlns="http:\/\/tableau\.com\/api"/);
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const error = { code: match[2], summary: decode(match[3]), detail: decode(match[4]) };
  expect(error.summary.trim(), 'summary').not.toBe('');
  expect(error.detail.trim(), 'detail').not.toBe('');
  return error;
}

async function xmlRequest(url: string, path: string, init: { method?: string; token?: string; body?: string; accept?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.accept !== undefined) headers.accept = init.accept;
  if (init.token !== undefined) headers['x-tableau-auth'] = init.token;
  if (init.contentType !== undefined) headers['content-type'] = init.contentType;
  const res = await fetch(`${url}${API}${path}`, { method: init.method ?? 'GET', headers, body: init.body });
  const text = await res.text();
  expect(res.headers.get('content-type'), `content type of ${res.status}`).toMatch(/^application\/xml/);
  return { status: res.status, headers: res.headers, error: tableauXmlError(text) };
}

describe('XML error bodies', () => {
  it('401 for an expired token: the configured expired code, in tsResponse/error with summary and detail', async () => {
    const clock = manualClock();
    for (const expiredCode of ['401002', '401000'] as const) {
      const s = await sim({ tokenTtlMs: 300, expiredCode, now: clock.now });
      const c = await signInPat(s.url);
      clock.advance(300);
      const res = await xmlRequest(s.url, '/sessions/current', { token: c.token, accept: 'application/xml' });
      expect(res.status).toBe(401);
      expect(res.error.code).toBe(expiredCode);
      expect(res.headers.get('x-simulator-reason')).toBe('expired-idle');
    }
  });

  it('401 with no token (401000) and a signed-out token (401002), with no Accept header at all', async () => {
    const s = await sim();
    const none = await xmlRequest(s.url, '/sessions/current');
    expect([none.status, none.error.code]).toEqual([401, '401000']);
    const c = await signInPat(s.url);
    await fetch(`${s.url}${API}/auth/signout`, { method: 'POST', headers: { 'x-tableau-auth': c.token } });
    const out = await xmlRequest(s.url, '/auth/signout', { method: 'POST', token: c.token, accept: 'text/xml' });
    expect([out.status, out.error.code]).toEqual([401, '401002']);
  });

  it('401001 for a failed sign-in, whose detail never repeats the secret', async () => {
    const s = await sim();
    const res = await xmlRequest(s.url, '/auth/signin', { method: 'POST', body: patXml(DEMO_PAT.name, 'fake-wrong-secret'), contentType: 'application/xml', accept: 'application/xml' });
    expect([res.status, res.error.code]).toEqual([401, '401001']);
    expect(JSON.stringify(res.error)).not.toContain('fake-wrong-secret');
    const site = await xmlRequest(s.url, '/auth/signin', { method: 'POST', body: patXml(DEMO_PAT.name, DEMO_PAT.secret, 'nowhere'), contentType: 'text/xml' });
    expect([site.status, site.error.code]).toEqual([401, '401001']);
  });

  it('400 for a malformed XML or JSON body and for a bad pageSize; the format follows Accept, not the body', async () => {
    const s = await sim();
    const xml = await xmlRequest(s.url, '/auth/signin', { method: 'POST', body: '<tsRequest><credentials', contentType: 'application/xml' });
    expect([xml.status, xml.error.code]).toEqual([400, '400000']);
    const json = await xmlRequest(s.url, '/auth/signin', { method: 'POST', body: '{"credentials": ', contentType: 'application/json', accept: 'application/xml' });
    expect([json.status, json.error.code]).toEqual([400, '400000']);
    const c = await signInPat(s.url);
    const paging = await xmlRequest(s.url, `/sites/${c.siteId}/projects?pageSize=0`, { token: c.token });
    expect([paging.status, paging.error.code]).toEqual([400, '400007']);
  });

  it('403 for another site, 404 for an unknown route or item, 405 for a wrong method, 409 for a duplicate project', async () => {
    const s = await sim();
    const c = await signInPat(s.url, DEMO_PAT, 'marketing');
    const foreign = await xmlRequest(s.url, `/sites/not-the-site/projects`, { token: c.token });
    expect([foreign.status, foreign.error.code]).toEqual([403, '403000']);
    const route = await xmlRequest(s.url, '/no/such/route');
    expect([route.status, route.error.code]).toEqual([404, '404000']);
    const item = await xmlRequest(s.url, `/sites/${c.siteId}/workbooks/no-such-id`, { token: c.token });
    expect(item.status).toBe(404);
    expect(item.error.code).toMatch(/^404\d{3}$/);
    const method = await xmlRequest(s.url, '/auth/signin', { method: 'GET' });
    expect([method.status, method.error.code]).toEqual([405, '405000']);
    const body = '<tsRequest><project name="Twice"/></tsRequest>';
    const created = await fetch(`${s.url}${API}/sites/${c.siteId}/projects`, { method: 'POST', headers: { 'x-tableau-auth': c.token, 'content-type': 'application/xml' }, body });
    expect(created.status).toBe(201);
    const conflict = await xmlRequest(s.url, `/sites/${c.siteId}/projects`, { method: 'POST', token: c.token, body, contentType: 'application/xml' });
    expect([conflict.status, conflict.error.code]).toEqual([409, '409006']);
  });

  it('413 for a body over 1 MB and 429 for the rate limit', async () => {
    const s = await sim({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const big = await xmlRequest(s.url, '/auth/signin', { method: 'POST', body: `<tsRequest>${'x'.repeat(1024 * 1024 + 1)}</tsRequest>`, contentType: 'application/xml' });
    expect([big.status, big.error.code]).toEqual([413, '413000']);
    expect((await fetch(`${s.url}${API}/serverinfo`)).status).toBe(200);
    const limited = await xmlRequest(s.url, '/serverinfo');
    expect([limited.status, limited.error.code]).toEqual([429, '429000']);
    expect(limited.error.detail).toMatch(/^Please retry after \d+ (minutes?|seconds?)\.$/);
  });

  it('an injected 503 with a Tableau body has the same shape', async () => {
    const s = await sim({ fault: (r) => (r.endpoint === 'serverinfo' ? { kind: 'status', status: 503, body: 'tableau' } : undefined) });
    const res = await xmlRequest(s.url, '/serverinfo', { accept: 'application/xml' });
    expect([res.status, res.error.code]).toEqual([503, '503000']);
  });
});
