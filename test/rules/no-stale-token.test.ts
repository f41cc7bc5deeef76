import rule from '../../rules/no-stale-token.js';
import { CJS, JS, TS, TSX, ruleTester } from './rule-tester.js';

ruleTester.run('no-stale-token', rule, {
  valid: [
    {
      name: 'local token used in a straight line right after signing in',
      filename: JS,
      code: `
async function publishReport(server, creds) {
  const res = await fetch(\`\${server}/api/3.19/auth/signin\`, { method: 'POST', body: JSON.stringify({ credentials: creds }) });
  const { credentials } = await res.json();
  const token = credentials.token;
  const list = await fetch(\`\${server}/api/3.19/sites/\${credentials.site.id}/projects\`, { headers: { 'X-Tableau-Auth': token } });
  return list;
}`,
    },
    {
      name: 'token passed in as a parameter: its lifetime is the caller\u2019s business',
      filename: TS,
      code: `
export async function listViews(base: string, siteId: string, token: string): Promise<unknown> {
  const res = await fetch(\`\${base}/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
}`,
    },
    {
      name: 'calls through the generated session wrapper',
      filename: TS,
      code: `
import { createTableauSession } from './tableau-session';
const session = createTableauSession({ server: 'https://tableau.example.com', credentials: () => readPat() });
let token = 'stale';
export async function projects(siteId: string) {
  return session.fetch(\`https://tableau.example.com/api/3.19/sites/\${siteId}/projects\`, { headers: { 'X-Tableau-Auth': token } });
}`,
    },
    {
      name: 'axios instance attached to the session wrapper',
      filename: JS,
      code: `
import axios from 'axios';
import { attachToAxios, createTableauSession } from './tableau-session.js';
const api = axios.create({ baseURL: 'https://tableau.example.com/api/3.19' });
let token;
api.defaults.headers.common['X-Tableau-Auth'] = token;
attachToAxios(api, createTableauSession({ server: 'https://tableau.example.com', credentials: getCreds }));
export const groups = (siteId) => api.get(\`/sites/\${siteId}/groups\`);`,
    },
    {
      name: 'module token with a re-sign-in on 401',
      filename: JS,
      code: `
let token;
async function signIn() {
  const res = await fetch('https://tableau.example.com/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  token = (await res.json()).credentials.token;
}
export async function get(path, retried = false) {
  const res = await fetch('https://tableau.example.com/api/3.19/' + path, { headers: { 'X-Tableau-Auth': token } });
  if (res.status === 401 && !retried) {
    await signIn();
    return get(path, true);
  }
  return res.json();
}`,
    },
    {
      name: 'module token refreshed when an expiry time has passed',
      filename: JS,
      code: `
let token;
let expiresAt = 0;
async function signIn() {
  const res = await fetch(\`\${process.env.TABLEAU_URL}/api/3.19/auth/signin\`, { method: 'POST', body: '{}' });
  token = (await res.json()).credentials.token;
  expiresAt = Date.now() + 110 * 60 * 1000;
}
export async function workbooks(siteId) {
  if (!token || Date.now() > expiresAt) await signIn();
  const res = await fetch(\`\${process.env.TABLEAU_URL}/api/3.19/sites/\${siteId}/workbooks\`, { headers: { 'x-tableau-auth': token } });
  return res.ok ? res.json() : null;
}`,
    },
    {
      name: 'class field with an axios response interceptor that signs in again on 401',
      filename: TS,
      code: `
import axios, { AxiosInstance } from 'axios';
export class TableauApi {
  private token = '';
  private http: AxiosInstance = axios.create({ baseURL: 'https://tableau.example.com/api/3.19' });
  constructor() {
    this.http.interceptors.response.use((r) => r, async (error) => {
      if (error.response?.status === 401) {
        await this.signIn();
        return this.http.request(error.config);
      }
      throw error;
    });
  }
  async signIn() {
    const { data } = await this.http.post('/auth/signin', { credentials: {} });
    this.token = data.credentials.token;
  }
  users(siteId: string) {
    return this.http.get(\`/sites/\${siteId}/users\`, { headers: { 'X-Tableau-Auth': this.token } });
  }
}`,
    },
    {
      name: 'not Tableau: a Bearer token on another API that happens to have /api/3.2/users',
      filename: JS,
      code: `
let token = process.env.API_TOKEN;
export const users = () => fetch('https://crm.example.com/api/3.2/users/42', { headers: { Authorization: \`Bearer \${token}\` } });`,
    },
    {
      name: 'X-Tableau-Auth mentioned only in a comment',
      filename: JS,
      code: `
// Old code sent 'X-Tableau-Auth': process.env.TOKEN here; the gateway adds it now.
const cached = process.env.TOKEN;
export const ping = () => fetch('/internal/health', { headers: { 'X-Request-Id': cached } });`,
    },
    {
      name: 'signing out with the stored token (a 401 there only means it is already gone)',
      filename: JS,
      code: `
let token;
export async function signOut() {
  await fetch('https://tableau.example.com/api/3.19/auth/signout', { method: 'POST', headers: { 'X-Tableau-Auth': token } }).catch(() => {});
  token = undefined;
}`,
    },
    {
      name: 'token fetched fresh for every call from a function we cannot see into',
      filename: TS,
      code: `
import { getToken } from './auth';
export async function views(siteId: string) {
  const res = await fetch(\`https://tableau.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': await getToken() } });
  if (res.status === 401) throw new Error('expired');
  return res.json();
}`,
    },
    {
      name: 'local token in a loop that signs in again inside the loop',
      filename: JS,
      code: `
async function signIn() {
  const r = await fetch('https://t.example.com/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  return (await r.json()).credentials.token;
}
export async function refreshAll(ids, siteId) {
  let token = await signIn();
  for (const id of ids) {
    token = await signIn();
    await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/workbooks/\${id}/refresh\`, { method: 'POST', headers: { 'X-Tableau-Auth': token } });
  }
}`,
    },
    {
      name: 'a project wrapper named in settings.sessionWrappers',
      filename: JS,
      settings: { 'tableau-rest': { sessionWrappers: ['makeTableauClient'] } },
      code: `
import { makeTableauClient } from './lib/tableau';
const client = makeTableauClient();
let token = process.env.TOKEN;
export const views = (siteId) => client.fetch(\`/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } });`,
    },
    {
      name: 'a file that never talks to Tableau',
      filename: JS,
      code: `
let token;
export async function login(user) { token = await auth(user); }
export const me = () => fetch('/me', { headers: { Authorization: token } });`,
    },
    {
      name: 'a React component that gets its token from props',
      filename: TSX,
      code: `
import { useEffect, useState } from 'react';
export function Views({ token, siteId }: { token: string; siteId: string }) {
  const [views, setViews] = useState<string[]>([]);
  useEffect(() => {
    fetch(\`/tableau/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((d) => setViews(d.views.view.map((v: { name: string }) => v.name)));
  }, [token, siteId]);
  return <ul>{views.map((v) => <li key={v}>{v}</li>)}</ul>;
}`,
    },
    {
      name: 'local token reused in a loop, but the module re-signs in on 401',
      filename: CJS,
      code: `
const fetch = require('node-fetch');
async function signIn() {
  const r = await fetch('https://t.example.com/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  return (await r.json()).credentials.token;
}
async function call(url, token) {
  const res = await fetch(url, { headers: { 'X-Tableau-Auth': token } });
  if (res.status === 401) return call(url, await signIn());
  return res;
}
module.exports = async function exportAll(ids) {
  const token = await signIn();
  for (const id of ids) await call('https://t.example.com/api/3.19/sites/s/views/' + id + '/data', token);
};`,
    },
  ],
  invalid: [
    {
      name: 'module-level token set at sign-in and reused by fetch',
      filename: JS,
      code: `
let authToken;
async function signIn() {
  const res = await fetch('https://tableau.example.com/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  authToken = (await res.json()).credentials.token;
}
export async function projects(siteId) {
  const res = await fetch(\`https://tableau.example.com/api/3.19/sites/\${siteId}/projects\`, { headers: { 'X-Tableau-Auth': authToken } });
  return res.json();
}`,
      errors: [{ messageId: 'storedToken', line: 8, column: 123, data: { storage: 'the module-level variable `authToken`' } }],
    },
    {
      name: 'token read from the environment',
      filename: JS,
      code: `
export const views = (siteId) =>
  fetch(\`https://tableau.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': process.env.TABLEAU_TOKEN } });`,
      errors: [{ messageId: 'staticToken', line: 3, column: 102, data: { source: 'an environment variable' } }],
    },
    {
      name: 'token read from import.meta.env into a module constant (a Vite app)',
      filename: JS,
      code: `
const token = import.meta.env.VITE_TABLEAU_TOKEN;
export async function workbooks(siteId) {
  const res = await fetch(\`\${import.meta.env.VITE_TABLEAU_SERVER}/api/3.22/sites/\${siteId}/workbooks\`, { headers: { 'X-Tableau-Auth': token } });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
}`,
      errors: [{ messageId: 'staticToken', line: 4, column: 135, data: { source: 'an environment variable' } }],
    },
    {
      name: 'token written into the code',
      filename: TS,
      code: `
const headers = { 'X-Tableau-Auth': 'dev-token-for-tests-only', Accept: 'application/json' };
export const ping = () => fetch('https://tableau.example.com/api/3.19/sessions/current', { headers });`,
      errors: [{ messageId: 'staticToken', line: 2, column: 37, data: { source: 'a string literal' } }],
    },
    {
      name: 'token taken from argv into a module constant',
      filename: CJS,
      code: `
const fetch = require('node-fetch');
const TOKEN = process.argv[2];
fetch('https://tableau.example.com/api/3.19/sites/abc/users', { headers: { 'X-Tableau-Auth': TOKEN } }).then((r) => r.json());`,
      errors: [{ messageId: 'staticToken', line: 4, column: 94, data: { source: 'a command-line argument' } }],
    },
    {
      name: 'token from an imported config file',
      filename: TS,
      code: `
import config from './config.json';
export async function jobs(siteId: string) {
  const res = await fetch(\`\${config.server}/api/3.19/sites/\${siteId}/jobs\`, { headers: { 'X-Tableau-Auth': config.tableauToken } });
  return res.status === 200 ? res.json() : [];
}`,
      errors: [{ messageId: 'staticToken', line: 4, column: 108, data: { source: 'configuration imported from "./config.json"' } }],
    },
    {
      name: 'browser token kept in localStorage',
      filename: JS,
      code: `
export function loadWorkbooks(siteId) {
  return fetch(\`/tableau/api/3.19/sites/\${siteId}/workbooks\`, {
    headers: { 'X-Tableau-Auth': localStorage.getItem('tableau.token') },
  }).then((r) => r.json());
}`,
      errors: [{ messageId: 'staticToken', line: 4, column: 34, data: { source: 'browser storage' } }],
    },
    {
      name: 'TypeScript class keeps the token on the instance (axios instance)',
      filename: TS,
      code: `
import axios from 'axios';
export class TableauService {
  private authToken?: string;
  private readonly http = axios.create({ baseURL: 'https://tableau.example.com/api/3.19' });
  async signIn(): Promise<void> {
    const { data } = await this.http.post('/auth/signin', { credentials: {} });
    this.authToken = data.credentials.token;
  }
  async datasources(siteId: string) {
    const { data } = await this.http.get(\`/sites/\${siteId}/datasources\`, { headers: { 'X-Tableau-Auth': this.authToken } });
    return data;
  }
}`,
      errors: [{ messageId: 'storedToken', line: 11, column: 105, data: { storage: 'the field `this.authToken`' } }],
    },
    {
      name: 'static field shared by every instance',
      filename: TS,
      code: `
export class Tableau {
  static token = '';
  static async views(siteId: string) {
    const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': Tableau.token } });
    if (!res.ok) throw new Error(res.statusText);
    return res.json();
  }
}`,
      errors: [{ messageId: 'storedToken', line: 5, column: 116, data: { storage: 'the static field `Tableau.token`' } }],
    },
    {
      name: 'module object used as a cache (node-fetch, CommonJS)',
      filename: CJS,
      code: `
const fetch = require('node-fetch');
const cache = { token: null, siteId: null };
async function users() {
  const res = await fetch(\`https://t.example.com/api/3.19/sites/\${cache.siteId}/users\`, { headers: { 'x-tableau-auth': cache.token } });
  if (res.status !== 200) throw new Error('failed');
  return res.json();
}
module.exports = { users, cache };`,
      errors: [{ messageId: 'storedToken', line: 5, column: 120, data: { storage: 'the module-level object `cache.token`' } }],
    },
    {
      name: 'token on the default axios headers',
      filename: JS,
      code: `
import axios from 'axios';
export async function signIn() {
  const { data } = await axios.post('https://t.example.com/api/3.19/auth/signin', { credentials: {} });
  axios.defaults.headers.common['X-Tableau-Auth'] = data.credentials.token;
}
export const projects = (siteId) => axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/projects\`);`,
      errors: [{ messageId: 'storedToken', line: 5, column: 53 }],
    },
    {
      name: 'axios.create headers with a module token',
      filename: JS,
      code: `
import axios from 'axios';
let sessionToken = '';
export function useToken(token) {
  sessionToken = token;
}
export const api = axios.create({ baseURL: 'https://t.example.com/api/3.19', headers: { 'X-Tableau-Auth': sessionToken } });
export const schedules = () => api.get('/schedules');`,
      errors: [{ messageId: 'storedToken', line: 7, column: 107 }],
    },
    {
      name: 'got with a beforeRequest hook that adds the header',
      filename: TS,
      code: `
import got from 'got';
let token: string | undefined;
const tableau = got.extend({
  prefixUrl: 'https://t.example.com/api/3.19',
  hooks: { beforeRequest: [(options) => { options.headers['x-tableau-auth'] = token; }] },
});
export const serverInfo = () => tableau.get('serverinfo').json();`,
      errors: [{ messageId: 'storedToken', line: 6, column: 79 }],
    },
    {
      name: 'superagent builder chain',
      filename: JS,
      code: `
import request from 'superagent';
let token;
export async function groups(siteId) {
  const res = await request.get(\`https://t.example.com/api/3.19/sites/\${siteId}/groups\`).set('X-Tableau-Auth', token).set('Accept', 'application/json');
  return res.body;
}`,
      errors: [{ messageId: 'storedToken', line: 5, column: 112 }],
    },
    {
      name: 'a local token signed in once and reused inside a long loop',
      filename: TS,
      code: `
async function signIn(): Promise<string> {
  const r = await fetch('https://t.example.com/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  return (await r.json()).credentials.token;
}
export async function downloadAll(siteId: string, ids: string[]) {
  const token = await signIn();
  for (const id of ids) {
    const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/views/\${id}/data\`, { headers: { 'X-Tableau-Auth': token } });
    if (!res.ok) throw new Error(\`\${id}: \${res.status}\`);
  }
}`,
      errors: [{ messageId: 'longJobToken', line: 9, column: 127, data: { where: 'inside a loop' } }],
    },
    {
      name: 'a local token reused by a timer',
      filename: JS,
      code: `
async function signIn() {
  const r = await fetch('https://t.example.com/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  return (await r.json()).credentials.token;
}
export async function watchJobs(siteId) {
  const token = await signIn();
  setInterval(async () => {
    const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/jobs\`, { headers: { 'X-Tableau-Auth': token } });
    if (res.ok) console.log(await res.json());
  }, 60_000);
}`,
      errors: [{ messageId: 'longJobToken', line: 9, column: 115, data: { where: 'in a timer callback' } }],
    },
    {
      name: 'headers built by a helper function: reported at the argument that supplies the token',
      filename: JS,
      code: `
let currentToken;
function tableauHeaders(t) {
  return { 'X-Tableau-Auth': t, Accept: 'application/json' };
}
export const views = (siteId) => fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: tableauHeaders(currentToken) }).then((r) => r.ok && r.json());`,
      errors: [{ messageId: 'storedToken', line: 6, column: 122 }],
    },
    {
      name: 'XMLHttpRequest with setRequestHeader',
      filename: JS,
      code: `
var tableauToken;
function loadUsers(siteId, done) {
  var xhr = new XMLHttpRequest();
  xhr.open('GET', '/api/3.19/sites/' + siteId + '/users');
  xhr.setRequestHeader('X-Tableau-Auth', tableauToken);
  xhr.onload = function () { if (xhr.status === 200) done(JSON.parse(xhr.responseText)); };
  xhr.send();
}`,
      errors: [{ messageId: 'storedToken', line: 6, column: 42 }],
    },
    {
      name: 'the workgroup_session_id cookie',
      filename: JS,
      code: `
let session;
export const current = () => fetch('https://t.example.com/api/3.19/sessions/current', { headers: { Cookie: \`workgroup_session_id=\${session}\` } }).then((r) => r.ok);`,
      errors: [{ messageId: 'storedToken', line: 3, column: 132 }],
    },
    {
      name: 'header name taken from a constant, computed key',
      filename: TS,
      code: `
const AUTH_HEADER = 'X-Tableau-Auth';
let token = '';
export const useToken = (t: string) => { token = t; };
export async function sites() {
  const res = await fetch('https://t.example.com/api/3.19/sites', { headers: { [AUTH_HEADER]: token } });
  if (!res.ok) throw new Error('sites');
  return res.json();
}`,
      errors: [{ messageId: 'storedToken', line: 6, column: 95 }],
    },
    {
      name: 'strict: an expiry check alone is not enough',
      filename: JS,
      options: [{ requireReauthOn401: true }],
      code: `
let token;
let expiresAt = 0;
async function signIn() {
  const res = await fetch('https://t.example.com/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  token = (await res.json()).credentials.token;
  expiresAt = Date.now() + 100 * 60_000;
}
export async function views(siteId) {
  if (Date.now() > expiresAt) await signIn();
  const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } });
  return res.ok ? res.json() : [];
}`,
      errors: [{ messageId: 'expiryOnly', line: 11, column: 114 }],
    },
    {
      name: 'React component reading a module-level token',
      filename: TSX,
      code: `
import { useEffect, useState } from 'react';
let tableauToken = '';
export function setToken(t: string) { tableauToken = t; }
export function Workbooks({ siteId }: { siteId: string }) {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    fetch(\`/api/3.19/sites/\${siteId}/workbooks\`, { headers: { 'X-Tableau-Auth': tableauToken } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((d) => setNames(d.workbooks.workbook.map((w: { name: string }) => w.name)));
  }, [siteId]);
  return <ol>{names.map((n) => <li key={n}>{n}</li>)}</ol>;
}`,
      errors: [{ messageId: 'storedToken', line: 8, column: 81 }],
    },
    {
      name: 'new Headers() then headers.set',
      filename: JS,
      code: `
let token;
export async function favorites(siteId, userId) {
  const headers = new Headers({ Accept: 'application/json' });
  headers.set('X-Tableau-Auth', token);
  const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/favorites/\${userId}\`, { headers });
  return res.ok ? res.json() : null;
}`,
      errors: [{ messageId: 'storedToken', line: 5, column: 33 }],
    },
    {
      name: 'node:https request options',
      filename: CJS,
      code: `
const https = require('node:https');
let token;
function serverInfo(cb) {
  https.get({ hostname: 't.example.com', path: '/api/3.19/serverinfo', headers: { 'X-Tableau-Auth': token } }, (res) => {
    if (res.statusCode !== 200) return cb(new Error('HTTP ' + res.statusCode));
    let body = '';
    res.on('data', (c) => (body += c)).on('end', () => cb(null, body));
  });
}
module.exports = { serverInfo };`,
      errors: [{ messageId: 'storedToken', line: 5, column: 101 }],
    },
    {
      name: 'jQuery $.ajax headers',
      filename: JS,
      code: `
/* global $ */
var token = window.sessionStorage.getItem('t');
function loadProjects(siteId) {
  return $.ajax({ url: '/api/3.19/sites/' + siteId + '/projects', headers: { 'X-Tableau-Auth': token }, error: function () {} });
}`,
      errors: [{ messageId: 'staticToken', line: 5, column: 96, data: { source: 'browser storage' } }],
    },
    {
      name: 'undici request',
      filename: TS,
      code: `
import { request } from 'undici';
let token = '';
export const useToken = (t: string) => { token = t; };
export async function views(siteId: string) {
  const { statusCode, body } = await request(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'x-tableau-auth': token } });
  if (statusCode !== 200) throw new Error(String(statusCode));
  return body.json();
}`,
      errors: [{ messageId: 'storedToken', line: 6, column: 133 }],
    },
  ],
});
