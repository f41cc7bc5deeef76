import rule from '../../rules/reauth-only-on-401.js';
import { CJS, JS, TS, TSX, ruleTester } from './rule-tester.js';

// A sign-in every case can call: its body is the Tableau sign-in request.
const SIGN_IN = `
async function signIn() {
  const res = await fetch('https://t.example.com/api/3.19/auth/signin', { method: 'POST', body: '{}' });
  if (!res.ok) throw new Error('sign-in failed');
  token = (await res.json()).credentials.token;
}`;

ruleTester.run('reauth-only-on-401', rule, {
  valid: [
    {
      name: 'axios catch that re-signs in only on 401',
      filename: JS,
      code: `import axios from 'axios';
let token;${SIGN_IN}
export async function views(siteId) {
  try {
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (err) {
    if (err.response?.status === 401) {
      await signIn();
      return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })).data;
    }
    throw err;
  }
}`,
    },
    {
      name: 'guard clause before the re-sign-in',
      filename: TS,
      code: `import axios from 'axios';
let token = '';${SIGN_IN}
export async function users(siteId: string) {
  try {
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/users\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (err: any) {
    if (err?.response?.status !== 401) throw err;
    await signIn();
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/users\`, { headers: { 'X-Tableau-Auth': token } })).data;
  }
}`,
    },
    {
      name: 'fetch retried once on 401 with a flag',
      filename: JS,
      code: `let token;${SIGN_IN}
export async function get(path, retried = false) {
  const res = await fetch('https://t.example.com/api/3.19/' + path, { headers: { 'X-Tableau-Auth': token } });
  if (res.status === 401 && !retried) {
    await signIn();
    return get(path, true);
  }
  if (!res.ok) throw new Error(\`HTTP \${res.status}\`);
  return res.json();
}`,
    },
    {
      name: 'checks the Tableau error code',
      filename: JS,
      code: `let token;${SIGN_IN}
export async function jobs(siteId) {
  const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/jobs\`, { headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) {
    if (body.error?.code === '401002') await signIn();
    throw new Error(body.error?.summary);
  }
  return body;
}`,
    },
    {
      name: 'refresh on an expiry time, not on failure',
      filename: JS,
      code: `let token;
let expiresAt = 0;${SIGN_IN}
export async function ensureSession() {
  if (!token || Date.now() > expiresAt) {
    await signIn();
    expiresAt = Date.now() + 100 * 60_000;
  }
  return fetch('https://t.example.com/api/3.19/sessions/current', { headers: { 'X-Tableau-Auth': token } });
}`,
    },
    {
      name: 'switch on the status with a 401 case',
      filename: TS,
      code: `let token = '';${SIGN_IN}
export async function projects(siteId: string): Promise<unknown> {
  const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/projects\`, { headers: { 'X-Tableau-Auth': token } });
  if (!res.ok) {
    switch (res.status) {
      case 401:
        await signIn();
        return null;
      default:
        throw new Error(String(res.status));
    }
  }
  return res.json();
}`,
    },
    {
      name: 'a named status constant',
      filename: JS,
      code: `import axios from 'axios';
import { StatusCodes } from 'http-status-codes';
let token;${SIGN_IN}
export const groups = (siteId) =>
  axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/groups\`, { headers: { 'X-Tableau-Auth': token } }).catch(async (error) => {
    if (error.response?.status === StatusCodes.UNAUTHORIZED) await signIn();
    throw error;
  });`,
    },
    {
      name: 'bounded for loop',
      filename: JS,
      code: `let token;${SIGN_IN}
export async function views(siteId) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } });
      if (res.ok) return res.json();
    } catch (e) {
      console.warn(e.message);
    }
  }
  throw new Error('gave up');
}`,
    },
    {
      name: 'while(true) with an attempt counter',
      filename: TS,
      code: `import axios from 'axios';
export async function datasources(siteId: string, token: string) {
  let attempts = 0;
  while (true) {
    try {
      return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/datasources\`, { headers: { 'X-Tableau-Auth': token } })).data;
    } catch (e) {
      attempts++;
      if (attempts >= 3) throw e;
      await new Promise((r) => setTimeout(r, 1000 * attempts));
    }
  }
}`,
    },
    {
      name: 'polling a job is not a retry loop',
      filename: JS,
      code: `
export async function waitForJob(siteId, jobId, token) {
  for (;;) {
    const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/jobs/\${jobId}\`, { headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } });
    if (!res.ok) throw new Error(\`job \${jobId}: HTTP \${res.status}\`);
    const { job } = await res.json();
    if (job.finishCode !== undefined) return job;
    await new Promise((r) => setTimeout(r, 5000));
  }
}`,
    },
    {
      name: 'recursion bounded by a parameter',
      filename: CJS,
      code: `
const axios = require('axios');
async function fetchViews(siteId, token, attempt = 1) {
  try {
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (e) {
    if (attempt >= 3 || e.response?.status < 500) throw e;
    return fetchViews(siteId, token, attempt + 1);
  }
}
module.exports = { fetchViews };`,
    },
    {
      name: 'the session wrapper re-signs in for you',
      filename: TS,
      code: `
import { createTableauSession } from './tableau-session';
const session = createTableauSession({ server: 'https://t.example.com', credentials: () => ({ personalAccessTokenName: 'x', personalAccessTokenSecret: process.env.S ?? '' }) });
export async function views(siteId: string) {
  const res = await session.fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`);
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
}`,
    },
    {
      name: 'the sign-in is in the try block, its failure is reported',
      filename: JS,
      code: `let token;${SIGN_IN}
export async function start() {
  try {
    await signIn();
  } catch (e) {
    console.error('cannot sign in to Tableau', e.message);
    process.exit(1);
  }
}`,
    },
    {
      name: 'by default a check that admits 401 and 403 is accepted',
      filename: JS,
      code: `import axios from 'axios';
let token;${SIGN_IN}
const api = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
api.interceptors.response.use((r) => r, async (error) => {
  const status = error.response?.status;
  if (status === 401 || status === 403) {
    await signIn();
    return api.request(error.config);
  }
  throw error;
});`,
    },
    {
      name: 'a file without Tableau calls',
      filename: JS,
      code: `
import { login } from './auth.js';
export async function loadProfile() {
  try { return await (await fetch('/profile')).json(); } catch { await login(); }
}`,
    },
    {
      name: 'React effect that re-signs in on 401 only',
      filename: TSX,
      code: `
import { useEffect } from 'react';
import { signIn } from './tableau';
export function Views({ token }: { token: string }) {
  useEffect(() => {
    fetch('/api/3.19/sessions/current', { headers: { 'X-Tableau-Auth': token } }).then((r) => {
      if (r.status === 401) return signIn();
      return r.json();
    });
  }, [token]);
  return null;
}`,
    },
  ],
  invalid: [
    {
      name: 'axios catch that signs in again on any error',
      filename: JS,
      code: `import axios from 'axios';
let token;${SIGN_IN}
export async function views(siteId) {
  try {
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (err) {
    await signIn();
    return [];
  }
}`,
      errors: [{
        messageId: 'reauthWithout401',
        line: 12,
        column: 11,
        suggestions: [{
          messageId: 'guardWith401',
          output: `import axios from 'axios';
let token;${SIGN_IN}
export async function views(siteId) {
  try {
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (err) {
    if (err?.response?.status !== 401) throw err;
    await signIn();
    return [];
  }
}`,
        }],
      }],
    },
    {
      name: '.catch that re-signs in, no error binding',
      filename: JS,
      code: `import axios from 'axios';
let token;${SIGN_IN}
export const jobs = (siteId) =>
  axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/jobs\`, { headers: { 'X-Tableau-Auth': token } }).catch(async () => {
    await signIn();
    return { data: [] };
  });`,
      errors: [{ messageId: 'reauthWithout401', line: 10, column: 11, suggestions: [] }],
    },
    {
      name: 'fetch: any non-ok answer re-signs in',
      filename: JS,
      code: `let token;${SIGN_IN}
export async function workbooks(siteId) {
  const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/workbooks\`, { headers: { 'X-Tableau-Auth': token } });
  if (!res.ok) {
    await signIn();
    throw new Error('retry later');
  }
  return res.json();
}`,
      errors: [{
        messageId: 'reauthWithout401',
        line: 10,
        column: 11,
        suggestions: [{
          messageId: 'guardWith401',
          output: `let token;${SIGN_IN}
export async function workbooks(siteId) {
  const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/workbooks\`, { headers: { 'X-Tableau-Auth': token } });
  if (!res.ok) {
    if (res.status !== 401) throw new Error(\`Tableau request failed with HTTP \${res.status}\`);
    await signIn();
    throw new Error('retry later');
  }
  return res.json();
}`,
        }],
      }],
    },
    {
      name: 'axios response interceptor that signs in on every error',
      filename: JS,
      code: `import axios from 'axios';
let token;${SIGN_IN}
export const api = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
api.interceptors.response.use((r) => r, async (error) => {
  await signIn();
  error.config.headers['X-Tableau-Auth'] = token;
  return api.request(error.config);
});`,
      errors: [{
        messageId: 'reauthWithout401',
        line: 10,
        column: 9,
        suggestions: [{
          messageId: 'guardWith401',
          output: `import axios from 'axios';
let token;${SIGN_IN}
export const api = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
api.interceptors.response.use((r) => r, async (error) => {
  if (error?.response?.status !== 401) throw error;
  await signIn();
  error.config.headers['X-Tableau-Auth'] = token;
  return api.request(error.config);
});`,
        }],
      }],
    },
    {
      name: 'status >= 400 re-signs in',
      filename: CJS,
      code: `const fetch = require('node-fetch');
let token;${SIGN_IN}
exports.groups = async (siteId) => {
  const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/groups\`, { headers: { 'X-Tableau-Auth': token } });
  if (res.status >= 400) return signIn().then(() => exports.groups(siteId));
  return res.json();
};`,
      errors: [{ messageId: 'reauthWithout401', line: 10, column: 33, suggestions: [] }],
    },
    {
      name: 'TypeScript class catch calls this.signIn()',
      filename: TS,
      code: `
import axios from 'axios';
export class Tableau {
  private token = '';
  private http = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
  async signIn() {
    const { data } = await this.http.post('/auth/signin', { credentials: {} });
    this.token = data.credentials.token;
  }
  async flows(siteId: string) {
    try {
      return (await this.http.get(\`/sites/\${siteId}/flows\`, { headers: { 'X-Tableau-Auth': this.token } })).data;
    } catch (e) {
      await this.signIn();
      return [];
    }
  }
}`,
      errors: [{
        messageId: 'reauthWithout401',
        line: 14,
        column: 13,
        suggestions: [{
          messageId: 'guardWith401',
          output: `
import axios from 'axios';
export class Tableau {
  private token = '';
  private http = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
  async signIn() {
    const { data } = await this.http.post('/auth/signin', { credentials: {} });
    this.token = data.credentials.token;
  }
  async flows(siteId: string) {
    try {
      return (await this.http.get(\`/sites/\${siteId}/flows\`, { headers: { 'X-Tableau-Auth': this.token } })).data;
    } catch (e) {
      if ((e as { response?: { status?: number } })?.response?.status !== 401) throw e;
      await this.signIn();
      return [];
    }
  }
}`,
        }],
      }],
    },
    {
      name: 'strict: 401 or 403 re-signs in',
      filename: JS,
      options: [{ allowOtherStatuses: false }],
      code: `import axios from 'axios';
let token;${SIGN_IN}
const api = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
api.interceptors.response.use((r) => r, async (error) => {
  const status = error.response?.status;
  if (status === 401 || status === 403) {
    await signIn();
    return api.request(error.config);
  }
  throw error;
});`,
      errors: [{ messageId: 'reauthOnOtherStatus', line: 12, column: 11, data: { statuses: '403' } }],
    },
    {
      name: 'while(true) that retries forever',
      filename: JS,
      code: `import axios from 'axios';
export async function views(siteId, token) {
  while (true) {
    try {
      return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })).data;
    } catch (e) {
      console.warn('retrying', e.message);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}`,
      errors: [{ messageId: 'unboundedRetry', line: 3, column: 3 }],
    },
    {
      name: 'for(;;) that continues on a failed status',
      filename: TS,
      code: `
export async function users(siteId: string, token: string): Promise<unknown> {
  for (;;) {
    const res = await fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/users\`, { headers: { 'X-Tableau-Auth': token } });
    if (res.status !== 200) {
      await new Promise((r) => setTimeout(r, 2000));
      continue;
    }
    return res.json();
  }
}`,
      errors: [{ messageId: 'unboundedRetry', line: 3, column: 3 }],
    },
    {
      name: 'a function that calls itself again from its catch',
      filename: JS,
      code: `import axios from 'axios';
export async function fetchViews(siteId, token) {
  try {
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (e) {
    await new Promise((r) => setTimeout(r, 1000));
    return fetchViews(siteId, token);
  }
}`,
      errors: [{ messageId: 'unboundedRetry', line: 7, column: 12 }],
    },
    {
      name: 'got: an imported login() in the catch',
      filename: TS,
      code: `
import got from 'got';
import { login } from './auth';
export async function tasks(siteId: string, token: string) {
  try {
    return await got(\`https://t.example.com/api/3.19/sites/\${siteId}/tasks/extractRefreshes\`, { headers: { 'X-Tableau-Auth': token } }).json();
  } catch (error) {
    await login();
    throw error;
  }
}`,
      errors: [{
        messageId: 'reauthWithout401',
        line: 8,
        column: 11,
        suggestions: [{
          messageId: 'guardWith401',
          output: `
import got from 'got';
import { login } from './auth';
export async function tasks(siteId: string, token: string) {
  try {
    return await got(\`https://t.example.com/api/3.19/sites/\${siteId}/tasks/extractRefreshes\`, { headers: { 'X-Tableau-Auth': token } }).json();
  } catch (error) {
    if ((error as { response?: { statusCode?: number } })?.response?.statusCode !== 401) throw error;
    await login();
    throw error;
  }
}`,
        }],
      }],
    },
    {
      name: 'jQuery error callback that signs in again',
      filename: JS,
      code: `/* global $ */
let token;${SIGN_IN}
export function loadViews(siteId, render) {
  $.ajax({ url: '/api/3.19/sites/' + siteId + '/views', headers: { 'X-Tableau-Auth': token }, success: render, error: function () { signIn(); } });
}`,
      errors: [{ messageId: 'reauthWithout401', line: 9, column: 133, suggestions: [] }],
    },
    {
      name: 'XMLHttpRequest: any status but 202 re-signs in and recurses',
      filename: JS,
      code: `let token;${SIGN_IN}
export function refresh(siteId, id) {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', \`/api/3.19/sites/\${siteId}/workbooks/\${id}/refresh\`);
  xhr.setRequestHeader('X-Tableau-Auth', token);
  xhr.onload = () => { if (xhr.status !== 202) signIn().then(() => refresh(siteId, id)); };
  xhr.send('<tsRequest/>');
}`,
      errors: [
        { messageId: 'reauthWithout401', line: 11, column: 48, suggestions: [] },
        { messageId: 'unboundedRetry', line: 11, column: 68 },
      ],
    },
    {
      name: 'then(ok, onRejected) that signs in again',
      filename: JS,
      code: `import axios from 'axios';
let token;${SIGN_IN}
export const sites = () =>
  axios.get('https://t.example.com/api/3.19/sites', { headers: { 'X-Tableau-Auth': token } }).then((r) => r.data, (e) => signIn().then(() => []));`,
      errors: [{ messageId: 'reauthWithout401', line: 9, column: 122, suggestions: [] }],
    },
    {
      name: 'React effect: any failure signs in again',
      filename: TSX,
      code: `
import { useEffect } from 'react';
import { signIn } from './tableau';
export function Views({ token }: { token: string }) {
  useEffect(() => {
    fetch('/api/3.19/sessions/current', { headers: { 'X-Tableau-Auth': token } }).then((r) => {
      if (!r.ok) return signIn();
      return r.json();
    });
  }, [token]);
  return null;
}`,
      errors: [{
        messageId: 'reauthWithout401',
        line: 7,
        column: 25,
        suggestions: [],
      }],
    },
  ],
});
