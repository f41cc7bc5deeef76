/// <reference types="vitest/globals" />
import { connect } from 'node:net';
import { API, closeAll, code, get, post, sim, signInPat, xmlAttr, xmlErrorCode } from './helpers.js';
import type { Simulator } from '../../src/simulator/index.js';

afterEach(closeAll);

async function signedIn(options = {}): Promise<{ s: Simulator; token: string; siteId: string }> {
  const s = await sim(options);
  const c = await signInPat(s.url);
  return { s, token: c.token, siteId: c.siteId };
}

type Listing = { pagination: { pageNumber: string; pageSize: string; totalAvailable: string } } & Record<string, Record<string, { id: string; name?: string }[]>>;

describe('site content', () => {
  it.each([
    ['projects', 'project'],
    ['users', 'user'],
    ['groups', 'group'],
    ['workbooks', 'workbook'],
    ['views', 'view'],
    ['datasources', 'datasource'],
    ['jobs', 'job'],
  ])('lists %s with a pagination block, in JSON and XML, and pages through all of them', async (collection, item) => {
    const { s, token, siteId } = await signedIn();
    const first = await get(s.url, `/sites/${siteId}/${collection}`, token);
    expect(first.status).toBe(200);
    const all = first.json as Listing;
    const total = Number(all.pagination.totalAvailable);
    expect(total).toBeGreaterThan(3);
    expect(all.pagination).toEqual({ pageNumber: '1', pageSize: '100', totalAvailable: String(total) });
    expect(all[collection][item]).toHaveLength(total);

    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(total / 3); page++) {
      const res = await get(s.url, `/sites/${siteId}/${collection}?pageSize=3&pageNumber=${page}`, token);
      const body = res.json as Listing;
      expect(body.pagination).toEqual({ pageNumber: String(page), pageSize: '3', totalAvailable: String(total) });
      seen.push(...body[collection][item].map((i) => i.id));
    }
    expect(seen).toEqual(all[collection][item].map((i) => i.id));

    const xml = await fetch(`${s.url}${API}/sites/${siteId}/${collection}?pageSize=2&pageNumber=2`, { headers: { 'x-tableau-auth': token } });
    const text = await xml.text();
    expect(xmlAttr(text, 'pagination', 'pageNumber')).toBe('2');
    expect(xmlAttr(text, 'pagination', 'pageSize')).toBe('2');
    expect(xmlAttr(text, 'pagination', 'totalAvailable')).toBe(String(total));
    expect(text.match(new RegExp(`<${item}\\b`, 'g'))).toHaveLength(2);
    expect(xmlAttr(text, item, 'id')).toBe(all[collection][item][2].id);

    // Individual GET by id.
    const one = await get(s.url, `/sites/${siteId}/${collection}/${all[collection][item][1].id}`, token);
    expect(one.status).toBe(200);
    expect((one.json as Record<string, { id: string }>)[item].id).toBe(all[collection][item][1].id);
    const missing = await get(s.url, `/sites/${siteId}/${collection}/00000000-0000-4000-8000-000000000000`, token);
    expect(missing.status).toBe(404);
    expect(code(missing)).toMatch(/^404\d{3}$/);
  });

  it('gives an empty page past the end, and 400 for a bad page size or number', async () => {
    const { s, token, siteId } = await signedIn();
    const past = await get(s.url, `/sites/${siteId}/projects?pageSize=100&pageNumber=9`, token);
    expect(past.status).toBe(200);
    expect((past.json as Listing).projects.project).toEqual([]);
    for (const query of ['pageSize=0', 'pageSize=1001', 'pageSize=abc', 'pageNumber=0', 'pageNumber=-1']) {
      const res = await get(s.url, `/sites/${siteId}/projects?${query}`, token);
      expect(res.status, query).toBe(400);
      expect(code(res), query).toMatch(/^400\d{3}$/);
    }
  });

  it('filters with field:eq:value', async () => {
    const { s, token, siteId } = await signedIn();
    const res = await get(s.url, `/sites/${siteId}/projects?filter=name:eq:Finance`, token);
    const body = res.json as Listing;
    expect(body.pagination.totalAvailable).toBe('1');
    expect(body.projects.project[0].name).toBe('Finance');
    expect((await get(s.url, `/sites/${siteId}/projects?filter=name:gt:Finance`, token)).status).toBe(400);
  });

  it('GET sites/<id> returns the site; serverinfo needs no token', async () => {
    const { s, token, siteId } = await signedIn();
    expect((await get(s.url, `/sites/${siteId}`, token)).json).toMatchObject({ site: { id: siteId, contentUrl: '' } });
    const info = await get(s.url, '/serverinfo');
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ serverInfo: { productVersion: { value: expect.any(String) }, restApiVersion: expect.stringMatching(/^\d+\.\d+$/) } });
    const xml = await (await fetch(`${s.url}${API}/serverinfo`)).text();
    expect(xml).toMatch(/<restApiVersion>\d+\.\d+<\/restApiVersion>/);
  });

  it('lists the configured accounts among the users, with the same ids after a restart', async () => {
    const options = { users: [{ name: 'alice', password: 'fake-pw' }], pats: [{ name: 'ci-bot', secret: 'fake-s' }] };
    const listing = async () => {
      const s = await sim(options);
      const c = await signInPat(s.url, { name: 'ci-bot', secret: 'fake-s' });
      const users = ((await get(s.url, `/sites/${c.siteId}/users?pageSize=3`, c.token)).json as Listing).users.user;
      const workbooks = ((await get(s.url, `/sites/${c.siteId}/workbooks?pageSize=3`, c.token)).json as Listing).workbooks.workbook;
      await s.close();
      return { users, workbooks, userId: c.userId };
    };
    const first = await listing();
    expect(first.users.map((u) => u.name)).toEqual(['alice', 'ci-bot', 'user01@example.com']);
    expect(first.users[1].id).toBe(first.userId);
    expect(await listing()).toEqual(first);
  });

  describe('creating a project (POST sites/<id>/projects)', () => {
    it('creates from XML and from JSON with 201, and the project is then listed', async () => {
      const { s, token, siteId } = await signedIn();
      const xml = await post(s.url, `/sites/${siteId}/projects`, '<tsRequest><project name="Q3 &amp; Q4" description="plans"/></tsRequest>', { token, accept: 'application/xml', contentType: 'application/xml' });
      expect(xml.status).toBe(201);
      expect(xmlAttr(xml.text, 'project', 'name')).toBe('Q3 & Q4');
      const json = await post(s.url, `/sites/${siteId}/projects`, JSON.stringify({ project: { name: 'Nested', parentProjectId: xmlAttr(xml.text, 'project', 'id') } }), { token, contentType: 'application/json' });
      expect(json.status).toBe(201);
      expect(json.json).toMatchObject({ project: { name: 'Nested', parentProjectId: xmlAttr(xml.text, 'project', 'id'), owner: { id: expect.any(String) } } });
      const listed = await get(s.url, `/sites/${siteId}/projects?filter=name:eq:Nested`, token);
      expect((listed.json as Listing).pagination.totalAvailable).toBe('1');
    });

    it.each([
      ['malformed XML', '<tsRequest><project name="x"></tsRequest>', 'application/xml'],
      ['unquoted XML attribute', '<tsRequest><project name=x/></tsRequest>', 'application/xml'],
      ['malformed JSON', '{"project": {"name": "x"', 'application/json'],
      ['missing name (XML)', '<tsRequest><project description="d"/></tsRequest>', 'application/xml'],
      ['missing name (JSON)', '{"project": {"description": "d"}}', 'application/json'],
      ['empty name', '{"project": {"name": "   "}}', 'application/json'],
      ['name that is not a string', '{"project": {"name": ["a"]}}', 'application/json'],
      ['no project element', '<tsRequest><workbook name="x"/></tsRequest>', 'application/xml'],
      ['wrong root element', '<project name="x"/>', 'application/xml'],
      ['empty body', '', 'application/json'],
      ['neither XML nor JSON', 'name=x', 'text/plain'],
      ['bad contentPermissions', '{"project": {"name": "x", "contentPermissions": "Open"}}', 'application/json'],
    ])('answers 400 with a 400xxx code for %s, in the requested format', async (_case, body, contentType) => {
      const { s, token, siteId } = await signedIn();
      const json = await post(s.url, `/sites/${siteId}/projects`, body, { token, contentType });
      expect(json.status).toBe(400);
      expect(code(json)).toMatch(/^400\d{3}$/);
      expect((json.json as { error: { detail: string } }).error.detail.length).toBeGreaterThan(5);
      const xml = await post(s.url, `/sites/${siteId}/projects`, body, { token, contentType, accept: 'application/xml' });
      expect(xml.status).toBe(400);
      expect(xmlErrorCode(xml.text)).toMatch(/^400\d{3}$/);
    });

    it('answers 409 for a duplicate name at the same level and 404 for an unknown parent', async () => {
      const { s, token, siteId } = await signedIn();
      const dup = await post(s.url, `/sites/${siteId}/projects`, JSON.stringify({ project: { name: 'finance' } }), { token });
      expect(dup.status).toBe(409);
      expect(code(dup)).toMatch(/^409\d{3}$/);
      const orphan = await post(s.url, `/sites/${siteId}/projects`, JSON.stringify({ project: { name: 'x', parentProjectId: 'nope' } }), { token });
      expect(orphan.status).toBe(404);
    });

    it('checks authentication before the body (401 for a bad token, even with a malformed body)', async () => {
      const { s, siteId } = await signedIn();
      const res = await post(s.url, `/sites/${siteId}/projects`, '<<<', { token: 'nope' });
      expect(res.status).toBe(401);
    });
  });

  describe('bad requests', () => {
    it('answers 400000 for a malformed sign-in body, XML or JSON, without echoing the secret', async () => {
      const s = await sim();
      const bodies = [
        ['<tsRequest><credentials personalAccessTokenName="demo-pat" personalAccessTokenSecret="fake-pat-secret:with:colons"><site contentUrl=""/></tsRequest>', 'application/xml'],
        ['<tsRequest><credentials name="a" name="b" password="fake-password"/></tsRequest>', 'application/xml'],
        ['<tsRequest><credentials password="fake-pass&bogus;"/></tsRequest>', 'application/xml'],
        ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "fake">]><tsRequest/>', 'application/xml'],
        ['{"credentials": {"personalAccessTokenName": "demo-pat", "personalAccessTokenSecret": "fake-pat-secret:with:colons"', 'application/json'],
        ['{"credentials": "fake-pat-secret:with:colons"}', 'application/json'],
        ['{"credentials": {"site": {"contentUrl": ""}}}', 'application/json'],
        ['{"credentials": {"name": "demo-user", "password": "fake-password", "jwt": "a.b.c"}}', 'application/json'],
        ['[1, 2]', 'application/json'],
      ];
      for (const [body, contentType] of bodies) {
        const res = await post(s.url, '/auth/signin', body, { contentType });
        expect(res.status, body).toBe(400);
        expect(code(res), body).toBe('400000');
        expect(res.text).not.toContain('fake-pat-secret');
        expect(res.text).not.toContain('fake-pass');
      }
      expect(s.stats()).toMatchObject({ signIns: 0, failedSignIns: 0, requests: bodies.length });
    });

    it('answers an unknown route with 404 and an error body, in XML and JSON', async () => {
      const s = await sim();
      for (const path of ['/api/3.22/nothing/here', '/api/3.22/sites', '/api/latest/auth/signin', '/', '/favicon.ico', '/api/3.22/sites/x/flows']) {
        const json = await fetch(`${s.url}${path}`, { headers: { accept: 'application/json' } });
        expect(json.status, path).toBe(404);
        expect(await json.json()).toMatchObject({ error: { code: '404000', summary: expect.any(String), detail: expect.any(String) } });
        const xml = await fetch(`${s.url}${path}`);
        expect(xml.status).toBe(404);
        expect(xmlErrorCode(await xml.text())).toBe('404000');
      }
    });

    it('answers a wrong method with 405, an error body and an Allow header', async () => {
      const s = await sim();
      const cases: [string, string, string][] = [
        ['GET', '/auth/signin', 'POST'],
        ['DELETE', '/auth/signout', 'POST'],
        ['POST', '/sessions/current', 'GET'],
        ['PUT', '/serverinfo', 'GET'],
        ['DELETE', '/sites/x/workbooks', 'GET'],
        ['PATCH', '/sites/x/projects', 'GET, POST'],
      ];
      for (const [method, path, allow] of cases) {
        const res = await fetch(`${s.url}${API}${path}`, { method, headers: { accept: 'application/json' } });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toBe(allow);
        expect(await res.json()).toMatchObject({ error: { code: '405000' } });
      }
    });

    it('answers bytes that are not HTTP with 400 and a closed connection, and keeps serving', async () => {
      const s = await sim();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(s.port, '127.0.0.1', () => socket.write('\u0000\u0001 this is not HTTP\r\n\r\n'));
        let data = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (data += chunk));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect((await fetch(`${s.url}${API}/serverinfo`)).status).toBe(200);
    });

    it('answers 413 for a body over 1 MB and keeps serving', async () => {
      const s = await sim();
      const res = await post(s.url, '/auth/signin', 'x'.repeat(1024 * 1024 + 10), { contentType: 'application/json' });
      expect(res.status).toBe(413);
      expect((await signInPat(s.url)).token).toBeTruthy();
    });
  });
});
