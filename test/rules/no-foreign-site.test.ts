import rule from '../../rules/no-foreign-site.js';
import { CJS, JS, TS, TSX, ruleTester } from './rule-tester.js';

ruleTester.run('no-foreign-site', rule, {
  valid: [
    {
      name: 'site id taken from the sign-in response',
      filename: JS,
      code: `
let token;
let siteId = '';
async function signIn() {
  const res = await fetch('https://t.example.com/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  const { credentials } = await res.json();
  token = credentials.token;
  siteId = credentials.site.id;
}
export const views = () => fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } });`,
    },
    {
      name: 'site id passed in as a parameter',
      filename: TS,
      code: `
export const projects = (base: string, siteId: string, token: string) =>
  fetch(\`\${base}/api/3.19/sites/\${siteId}/projects\`, { headers: { 'X-Tableau-Auth': token } });`,
    },
    {
      name: 'class field set from the sign-in XML by regex',
      filename: CJS,
      code: `
const fetch = require('node-fetch');
class Client {
  async signIn(xmlBody) {
    const xml = await (await fetch(this.base + '/api/3.19/auth/signin', { method: 'POST', body: xmlBody })).text();
    this.token = /token="([^"]+)"/.exec(xml)[1];
    this.siteId = /<site id="([^"]+)"/.exec(xml)[1];
  }
  users() {
    return fetch(\`\${this.base}/api/3.19/sites/\${this.siteId}/users\`, { headers: { 'X-Tableau-Auth': this.token } });
  }
}
module.exports = Client;`,
    },
    {
      name: 'destructured from the sign-in response',
      filename: TS,
      code: `
import axios from 'axios';
export async function run(base: string) {
  const { data } = await axios.post(\`\${base}/api/3.19/auth/signin\`, { credentials: {} });
  const { token, site: { id: siteId } } = data.credentials;
  return axios.get(\`\${base}/api/3.19/sites/\${siteId}/groups\`, { headers: { 'X-Tableau-Auth': token } });
}`,
    },
    {
      name: 'returned from a sign-in helper',
      filename: JS,
      code: `
import axios from 'axios';
const api = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
async function signIn() {
  const { data } = await api.post('/auth/signin', { credentials: {} });
  api.defaults.headers.common['X-Tableau-Auth'] = data.credentials.token;
  return data.credentials.site.id;
}
export async function groups() {
  const siteId = await signIn();
  return api.get(\`/sites/\${siteId}/groups\`);
}`,
    },
    {
      name: 'a module object whose siteId property is set from the response',
      filename: JS,
      code: `
const session = { token: '', siteId: '' };
export async function signIn() {
  const body = await (await fetch('/api/3.19/auth/signin', { method: 'POST', body: '{}' })).json();
  session.token = body.credentials.token;
  session.siteId = body.credentials.site.id;
}
export const views = () => fetch(\`/api/3.19/sites/\${session.siteId}/views\`, { headers: { 'X-Tableau-Auth': session.token } });`,
    },
    {
      name: 'an object literal built from the sign-in response',
      filename: TS,
      code: `
interface Session { token: string; siteId: string }
export async function signIn(base: string): Promise<Session> {
  const res = await fetch(\`\${base}/api/3.19/auth/signin\`, { method: 'POST', body: '{}' });
  const json = await res.json();
  return { token: json.credentials.token, siteId: json.credentials.site.id };
}
export function jobs(base: string, s: Session) {
  return fetch(\`\${base}/api/3.19/sites/\${s.siteId}/jobs\`, { headers: { 'X-Tableau-Auth': s.token } });
}`,
    },
    {
      name: 'no site segment: server-level endpoints',
      filename: JS,
      code: `
export const info = () => fetch('https://t.example.com/api/3.19/serverinfo');
export const sites = (token) => fetch('https://t.example.com/api/3.19/sites?pageSize=100', { headers: { 'X-Tableau-Auth': token } });`,
    },
    {
      name: 'calls through the session wrapper',
      filename: TS,
      code: `
import { createTableauSession } from './tableau-session';
const session = createTableauSession({ server: 'https://t.example.com', credentials: () => ({ jwt: mint() }) });
export const views = () => session.fetch(\`https://t.example.com/api/3.19/sites/\${session.siteId}/views\`);`,
    },
    {
      name: 'a trusted name from the options',
      filename: JS,
      options: [{ trustedNames: ['tenantSiteLuid'] }],
      code: `
import { tenantSiteLuid } from './tenant.js';
export const views = (token) => fetch(\`/api/3.19/sites/\${tenantSiteLuid}/views\`, { headers: { 'X-Tableau-Auth': token } });`,
    },
    {
      name: 'React props carry the site id',
      filename: TSX,
      code: `
export function Views({ siteId, token }: { siteId: string; token: string }) {
  const load = () => fetch(\`/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } });
  return <button onClick={load}>Load</button>;
}`,
    },
    {
      name: 'switchSite answer updates the site id',
      filename: JS,
      code: `
let siteId;
let token;
export async function switchTo(contentUrl) {
  const res = await fetch('/api/3.19/auth/switchSite', { method: 'POST', headers: { 'X-Tableau-Auth': token }, body: JSON.stringify({ site: { contentUrl } }) });
  const { credentials } = await res.json();
  token = credentials.token;
  siteId = credentials.site.id;
}
export const workbooks = () => fetch(\`/api/3.19/sites/\${siteId}/workbooks\`, { headers: { 'X-Tableau-Auth': token } });`,
    },
    {
      name: 'site id from a request parameter in an Express route',
      filename: CJS,
      code: `
const axios = require('axios');
module.exports = (req, res) =>
  axios.get(\`\${process.env.TABLEAU}/api/3.19/sites/\${req.params.siteId}/views\`, { headers: { 'X-Tableau-Auth': req.session.token } }).then((r) => res.json(r.data));`,
    },
    {
      name: 'encoded site id from the sign-in response',
      filename: JS,
      code: `
let luid;
export async function signIn() {
  const r = await fetch('/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  luid = (await r.json()).credentials.site.id;
}
export const projects = (token) => fetch(\`/api/3.19/sites/\${encodeURIComponent(luid)}/projects\`, { headers: { 'X-Tableau-Auth': token } });`,
    },
    {
      name: 'not Tableau: a sites path on another API',
      filename: JS,
      code: `
export const page = () => fetch('https://cms.example.com/v1/sites/marketing/pages');`,
    },
  ],
  invalid: [
    {
      name: 'a site LUID written into the URL',
      filename: JS,
      code: `
export const views = (token) =>
  fetch('https://t.example.com/api/3.19/sites/9a8b7c6d-0000-4000-8000-00000000fake/views', { headers: { 'X-Tableau-Auth': token } });`,
      errors: [{ messageId: 'literalSite', line: 3, column: 9 }],
    },
    {
      name: 'a content URL where the LUID belongs',
      filename: TS,
      code: `
export const workbooks = (base: string, token: string) =>
  fetch(\`\${base}/api/3.19/sites/marketing/workbooks\`, { headers: { 'X-Tableau-Auth': token } });`,
      errors: [{ messageId: 'literalSite', line: 3, column: 9 }],
    },
    {
      name: 'a site constant',
      filename: JS,
      code: `
const SITE_ID = 'c0ffee00-0000-4000-8000-00000000fake';
export const users = (token) => fetch(\`https://t.example.com/api/3.19/sites/\${SITE_ID}/users\`, { headers: { 'X-Tableau-Auth': token } });`,
      errors: [{ messageId: 'literalSite', line: 3, column: 39 }],
    },
    {
      name: 'a site id from the environment',
      filename: JS,
      code: `
export const jobs = (token) => fetch(\`https://t.example.com/api/3.19/sites/\${process.env.TABLEAU_SITE_ID}/jobs\`, { headers: { 'X-Tableau-Auth': token } });`,
      errors: [{ messageId: 'envSite', line: 2, column: 78 }],
    },
    {
      name: 'a site id from import.meta.env (a Vite app)',
      filename: JS,
      code: `
export const workbooks = (token) => fetch(\`\${import.meta.env.VITE_TABLEAU_SERVER}/api/3.22/sites/\${import.meta.env.VITE_TABLEAU_SITE_ID}/workbooks\`, { headers: { 'X-Tableau-Auth': token } });`,
      errors: [{ messageId: 'envSite', line: 2, column: 100 }],
    },
    {
      name: 'a site id read from import.meta.env by a computed key',
      filename: TS,
      code: `
const SITE_KEY = 'VITE_TABLEAU_SITE_ID';
export const views = (token: string) => fetch(\`https://t.example.com/api/3.22/sites/\${import.meta.env[SITE_KEY]}/views\`, { headers: { 'X-Tableau-Auth': token } });`,
      errors: [{ messageId: 'envSite', line: 3, column: 87 }],
    },
    {
      name: 'an env site id kept in a module constant',
      filename: CJS,
      code: `
const fetch = require('node-fetch');
const siteId = process.env.SITE;
exports.groups = (token) => fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/groups\`, { headers: { 'X-Tableau-Auth': token } });`,
      errors: [{ messageId: 'envSite', line: 4, column: 75 }],
    },
    {
      name: 'a module variable never set from sign-in',
      filename: JS,
      code: `
let currentSite = '';
export function useSite(luid) { currentSite = luid.trim(); }
export const views = (token) => fetch(\`/api/3.19/sites/\${currentSite}/views\`, { headers: { 'X-Tableau-Auth': token } });`,
      errors: [{ messageId: 'unknownSite', line: 4, column: 58, data: { name: 'currentSite' } }],
    },
    {
      name: 'a field set from configuration',
      filename: TS,
      code: `
import { settings } from './settings';
export class Tableau {
  private siteId = '';
  private token = '';
  constructor() { this.siteId = settings.tableau.siteLuid; }
  datasources() {
    return fetch(\`/api/3.19/sites/\${this.siteId}/datasources\`, { headers: { 'X-Tableau-Auth': this.token } });
  }
}`,
      errors: [{ messageId: 'unknownSite', line: 8, column: 37, data: { name: 'this.siteId' } }],
    },
    {
      name: 'axios relative path with a literal site',
      filename: JS,
      code: `
import axios from 'axios';
const api = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
export const flows = () => api.get('/sites/ops/flows');`,
      errors: [{ messageId: 'literalSite', line: 4, column: 36 }],
    },
    {
      name: 'XMLHttpRequest with a literal site',
      filename: JS,
      code: `
export function refresh(token) {
  var xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/3.19/sites/0000aaaa-0000-4000-8000-00000000fake/tasks/extractRefreshes/1/runNow');
  xhr.setRequestHeader('X-Tableau-Auth', token);
  xhr.send();
}`,
      errors: [{ messageId: 'literalSite', line: 4, column: 20 }],
    },
    {
      name: 'jQuery with a site from a config object',
      filename: JS,
      code: `
/* global $ */
const config = { site: 'c0ffee00-0000-4000-8000-00000000fake' };
export const load = (token) => $.ajax({ url: '/api/3.19/sites/' + config.site + '/views', headers: { 'X-Tableau-Auth': token }, error() {} });`,
      errors: [{ messageId: 'literalSite', line: 4, column: 46 }],
    },
    {
      name: 'superagent with an env site',
      filename: JS,
      code: `
import request from 'superagent';
export const groups = (token) => request.get(\`https://t.example.com/api/3.19/sites/\${process.env['SITE_LUID']}/groups\`).set('X-Tableau-Auth', token);`,
      errors: [{ messageId: 'envSite', line: 3, column: 86 }],
    },
    {
      name: 'got with a literal site in the path',
      filename: TS,
      code: `
import got from 'got';
export const views = (token: string) => got('https://t.example.com/api/3.19/sites/finance/views', { headers: { 'X-Tableau-Auth': token } }).json();`,
      errors: [{ messageId: 'literalSite', line: 3, column: 45 }],
    },
    {
      name: 'React component with a hard-coded site',
      filename: TSX,
      code: `
export function Users({ token }: { token: string }) {
  const load = () => fetch('/tableau/api/3.19/sites/0f0f0f0f-0000-4000-8000-00000000fake/users', { headers: { 'X-Tableau-Auth': token } });
  return <button onClick={load}>Users</button>;
}`,
      errors: [{ messageId: 'literalSite', line: 3, column: 28 }],
    },
    {
      name: 'node:http options path with a site from the environment',
      filename: CJS,
      code: `
const http = require('http');
exports.views = (token, cb) => http.request({ host: 'tableau.internal', path: '/api/3.19/sites/' + process.env.SITE + '/views', headers: { 'X-Tableau-Auth': token } }, (res) => cb(res.statusCode)).end();`,
      errors: [{ messageId: 'envSite', line: 3, column: 100 }],
    },
    {
      name: 'a content URL variable used as the site segment',
      filename: JS,
      code: `
const contentUrl = 'sales';
let token;
export async function signIn() {
  const r = await fetch('/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: { site: { contentUrl } } }) });
  token = (await r.json()).credentials.token;
}
export const views = () => fetch(\`/api/3.19/sites/\${contentUrl}/views\`, { headers: { 'X-Tableau-Auth': token } });`,
      errors: [{ messageId: 'literalSite', line: 8, column: 34 }],
    },
  ],
});
