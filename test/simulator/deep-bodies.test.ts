/// <reference types="vitest/globals" />
// Request bodies nested 100,000 levels deep (well under the 1 MB body limit): a bad request, never a crash or a 500.
import { closeAll, code, DEMO_PAT, post, sim, signInPat, xmlErrorCode } from './helpers.js';

afterEach(closeAll);

const DEPTH = 100_000;
const deepJsonObject = (inner = '""') => '{"a":'.repeat(DEPTH) + inner + '}'.repeat(DEPTH);
const deepJsonArray = () => '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepXml = () => `<tsRequest>${'<a>'.repeat(DEPTH)}${'</a>'.repeat(DEPTH)}</tsRequest>`;

const badRequest = { error: { code: '400000', summary: 'Bad Request', detail: expect.stringMatching(/nest|must be an object/) } };

describe('deeply nested request bodies', () => {
  it('answer 400 (400000) in Tableau shape on sign-in, in JSON and XML, and the server keeps serving', async () => {
    const s = await sim();
    const bodies: [string, string][] = [
      ['application/json', deepJsonObject()],
      ['application/json', `{"credentials":${deepJsonObject()}}`],
      ['application/json', `{"credentials":{"site":${deepJsonObject()}}}`],
      ['application/json', deepJsonArray()],
      ['application/json', `{"credentials":{"a":${deepJsonArray()}}}`],
      ['application/xml', deepXml()],
      ['text/plain;charset=UTF-8', deepJsonObject()],
    ];
    for (const [contentType, body] of bodies) {
      expect(body.length).toBeLessThan(1024 * 1024);
      const json = await post(s.url, '/auth/signin', body, { contentType });
      expect(json.status, `${contentType} ${body.slice(0, 30)}`).toBe(400);
      expect(json.json).toMatchObject(badRequest);
      const xml = await post(s.url, '/auth/signin', body, { contentType, accept: 'application/xml' });
      expect(xml.status).toBe(400);
      expect(xmlErrorCode(xml.text)).toBe('400000');
    }
    // Still up, and these were bad requests, not failed sign-ins.
    const c = await signInPat(s.url, DEMO_PAT);
    expect(c.token).not.toBe('');
    expect(s.stats()).toMatchObject({ signIns: 1, failedSignIns: 0, requests: bodies.length * 2 + 1 });
  });

  it('answer 400 on switchSite and on creating a project too, and the session lives on', async () => {
    const s = await sim();
    const c = await signInPat(s.url);
    const switched = await post(s.url, '/auth/switchSite', `{"site":${deepJsonObject()}}`, { token: c.token, contentType: 'application/json' });
    expect([switched.status, code(switched)]).toEqual([400, '400000']);
    const created = await post(s.url, `/sites/${c.siteId}/projects`, `{"project":${deepJsonObject()}}`, { token: c.token, contentType: 'application/json' });
    expect([created.status, code(created)]).toEqual([400, '400000']);
    const xml = await post(s.url, `/sites/${c.siteId}/projects`, deepXml(), { token: c.token, contentType: 'application/xml' });
    expect([xml.status, code(xml)]).toEqual([400, '400000']);
    const ok = await post(s.url, `/sites/${c.siteId}/projects`, JSON.stringify({ project: { name: 'After the deep ones' } }), { token: c.token, contentType: 'application/json' });
    expect(ok.status).toBe(201);
  });
});
