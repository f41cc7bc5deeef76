import rule from '../../rules/handle-auth-errors.js';
import { CJS, JS, TS, TSX, ruleTester } from './rule-tester.js';

const THROW = "throw new Error('Tableau answered 401: the session has expired or was ended')";

ruleTester.run('handle-auth-errors', rule, {
  valid: [
    {
      name: 'fetch response checked with ok',
      filename: JS,
      code: `
export async function projects(base, siteId, token) {
  const res = await fetch(\`\${base}/api/3.19/sites/\${siteId}/projects\`, { headers: { 'X-Tableau-Auth': token } });
  if (!res.ok) throw new Error(\`projects: HTTP \${res.status}\`);
  return res.json();
}`,
    },
    {
      name: 'fetch response checked for 401 in a then callback',
      filename: JS,
      code: `
export const views = (base, siteId, token) =>
  fetch(\`\${base}/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })
    .then((res) => (res.status === 401 ? Promise.reject(new Error('expired')) : res.json()));`,
    },
    {
      name: 'the response is returned: the caller checks it',
      filename: TS,
      code: `
export function tableauGet(base: string, path: string, token: string): Promise<Response> {
  return fetch(\`\${base}/api/3.19/\${path}\`, { headers: { 'X-Tableau-Auth': token } });
}`,
    },
    {
      name: 'the response goes to a checking helper',
      filename: JS,
      code: `
import { checkStatus } from './http.js';
export async function users(base, siteId, token) {
  return checkStatus(await fetch(\`\${base}/api/3.19/sites/\${siteId}/users\`, { headers: { 'X-Tableau-Auth': token } }));
}`,
    },
    {
      name: 'axios with no catch: the rejection propagates',
      filename: TS,
      code: `
import axios from 'axios';
export async function groups(base: string, siteId: string, token: string) {
  const { data } = await axios.get(\`\${base}/api/3.19/sites/\${siteId}/groups\`, { headers: { 'X-Tableau-Auth': token } });
  return data.groups.group;
}`,
    },
    {
      name: 'axios catch that rethrows after logging',
      filename: JS,
      code: `
import axios from 'axios';
export async function jobs(base, siteId, token) {
  try {
    return (await axios.get(\`\${base}/api/3.19/sites/\${siteId}/jobs\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (err) {
    console.error('jobs failed', err.message);
    throw err;
  }
}`,
    },
    {
      name: 'axios catch that checks the status',
      filename: JS,
      code: `
import axios from 'axios';
export async function schedules(base, token) {
  try {
    return (await axios.get(\`\${base}/api/3.19/schedules\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (err) {
    if (err.response?.status === 404) return [];
    throw err;
  }
}`,
    },
    {
      name: 'axios catch that signs in again',
      filename: JS,
      code: `
import axios from 'axios';
let token;
async function signIn() {
  const { data } = await axios.post('https://t.example.com/api/3.19/auth/signin', { credentials: {} });
  token = data.credentials.token;
}
export async function views(siteId) {
  try {
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (err) {
    if (err.response?.status !== 401) throw err;
    await signIn();
    return views(siteId);
  }
}`,
    },
    {
      name: 'Express handler passes the error to next()',
      filename: CJS,
      code: `
const axios = require('axios');
module.exports = (req, res, next) => {
  axios.get(\`\${process.env.TABLEAU}/api/3.19/sites/\${req.params.site}/views\`, { headers: { 'X-Tableau-Auth': req.session.token } })
    .then((r) => res.json(r.data))
    .catch((err) => next(err));
};`,
    },
    {
      name: 'jQuery with an error callback',
      filename: JS,
      code: `
/* global $ */
export function loadUsers(siteId, token, render, onError) {
  $.ajax({ url: '/api/3.19/sites/' + siteId + '/users', headers: { 'X-Tableau-Auth': token }, success: render, error: onError });
}`,
    },
    {
      name: 'XMLHttpRequest load handler reads this.status',
      filename: JS,
      code: `
export function loadViews(siteId, token, done) {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', '/api/3.19/sites/' + siteId + '/views');
  xhr.setRequestHeader('X-Tableau-Auth', token);
  xhr.addEventListener('load', function () {
    if (this.status === 401) return done(new Error('session expired'));
    done(null, JSON.parse(this.responseText));
  });
  xhr.send();
}`,
    },
    {
      name: 'node:https response callback checks statusCode',
      filename: CJS,
      code: `
const https = require('https');
exports.serverInfo = (host, cb) => {
  https.get({ host, path: '/api/3.19/serverinfo', headers: { Accept: 'application/json' } }, (res) => {
    if (res.statusCode !== 200) return cb(new Error('HTTP ' + res.statusCode));
    res.setEncoding('utf8');
    let body = '';
    res.on('data', (c) => (body += c)).on('end', () => cb(null, JSON.parse(body)));
  });
};`,
    },
    {
      name: 'calls through the session wrapper handle 401 themselves',
      filename: TS,
      code: `
import { createTableauSession } from './tableau-session.js';
const session = createTableauSession({ server: 'https://t.example.com', credentials: () => ({ personalAccessTokenName: 'bot', personalAccessTokenSecret: process.env.PAT ?? '' }) });
export async function projects(siteId: string) {
  const res = await session.fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/projects\`);
  return res.json();
}`,
    },
    {
      name: 'sign-out whose errors are ignored on purpose',
      filename: JS,
      code: `
export async function signOut(base, token) {
  await fetch(\`\${base}/api/3.19/auth/signout\`, { method: 'POST', headers: { 'X-Tableau-Auth': token } });
}`,
    },
    {
      name: 'superagent end callback that looks at err',
      filename: JS,
      code: `
import request from 'superagent';
export function datasources(siteId, token, done) {
  request.get(\`https://t.example.com/api/3.19/sites/\${siteId}/datasources\`).set('X-Tableau-Auth', token).end((err, res) => {
    if (err) return done(err);
    done(null, res.body);
  });
}`,
    },
    {
      name: 'validateStatus accepting everything, with a status check',
      filename: TS,
      code: `
import axios from 'axios';
export async function flows(siteId: string, token: string) {
  const res = await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/flows\`, { headers: { 'X-Tableau-Auth': token }, validateStatus: () => true });
  if (res.status === 401) throw new Error('session expired');
  return res.data;
}`,
    },
    {
      name: 'destructured status in a React effect',
      filename: TSX,
      code: `
import { useEffect } from 'react';
export function Metrics({ token }: { token: string }) {
  useEffect(() => {
    (async () => {
      const { ok, status } = await fetch('/api/3.19/serverinfo', { headers: { 'X-Tableau-Auth': token } });
      if (!ok) console.warn('serverinfo', status);
    })();
  }, [token]);
  return <span />;
}`,
    },
    {
      name: 'a CLI that exits on any failure',
      filename: JS,
      code: `
import axios from 'axios';
export async function main(base, token) {
  try {
    console.log((await axios.get(\`\${base}/api/3.19/sites\`, { headers: { 'X-Tableau-Auth': token } })).data);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}`,
    },
    {
      name: 'a non-Tableau call with an unchecked response',
      filename: JS,
      code: `
export const weather = async () => (await fetch('https://weather.example.com/v2/today')).json();`,
    },
  ],
  invalid: [
    {
      name: 'fetch response read with no status check',
      filename: JS,
      code: `
export async function get(base, siteId, path, token) {
  const res = await fetch(\`\${base}/api/3.19/sites/\${siteId}/\${path}\`, { headers: { 'X-Tableau-Auth': token } });
  return res.json();
}`,
      errors: [{
        messageId: 'uncheckedResponse',
        line: 3,
        column: 21,
        suggestions: [{
          messageId: 'throwOn401',
          output: `
export async function get(base, siteId, path, token) {
  const res = await fetch(\`\${base}/api/3.19/sites/\${siteId}/\${path}\`, { headers: { 'X-Tableau-Auth': token } });
  if (res.status === 401) ${THROW};
  return res.json();
}`,
        }],
      }],
    },
    {
      name: 'then(res => res.json()) with no status check',
      filename: JS,
      code: `
export const views = (base, siteId, token) =>
  fetch(\`\${base}/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } }).then((res) => res.json());`,
      errors: [{
        messageId: 'uncheckedResponse',
        line: 3,
        column: 3,
        suggestions: [{
          messageId: 'throwOn401',
          output: `
export const views = (base, siteId, token) =>
  fetch(\`\${base}/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } }).then((res) => { if (res.status === 401) ${THROW}; return res.json(); });`,
        }],
      }],
    },
    {
      name: 'response body read straight off the awaited fetch',
      filename: TS,
      code: `
export async function serverInfo(base: string) {
  const info = await (await fetch(\`\${base}/api/3.19/serverinfo\`, { headers: { Accept: 'application/json' } })).json();
  return info.serverInfo.productVersion;
}`,
      errors: [{ messageId: 'uncheckedResponse', line: 3, column: 29, suggestions: [] }],
    },
    {
      name: 'a delete whose response is thrown away',
      filename: JS,
      code: `
export async function removeTag(base, siteId, wbId, token) {
  await fetch(\`\${base}/api/3.19/sites/\${siteId}/workbooks/\${wbId}/tags/old\`, { method: 'DELETE', headers: { 'X-Tableau-Auth': token } });
}`,
      errors: [{ messageId: 'discardedResponse', line: 3, column: 9, suggestions: [] }],
    },
    {
      name: 'node-fetch promise chain (CommonJS)',
      filename: CJS,
      code: `
const fetch = require('node-fetch');
exports.users = (base, siteId, token) =>
  fetch(base + '/api/3.19/sites/' + siteId + '/users', { headers: { 'x-tableau-auth': token } }).then((r) => r.text());`,
      errors: [{
        messageId: 'uncheckedResponse',
        line: 4,
        column: 3,
        suggestions: [{
          messageId: 'throwOn401',
          output: `
const fetch = require('node-fetch');
exports.users = (base, siteId, token) =>
  fetch(base + '/api/3.19/sites/' + siteId + '/users', { headers: { 'x-tableau-auth': token } }).then((r) => { if (r.status === 401) ${THROW}; return r.text(); });`,
        }],
      }],
    },
    {
      name: 'axios try/catch that returns an empty list',
      filename: JS,
      code: `
import axios from 'axios';
export async function datasources(siteId, token) {
  try {
    const { data } = await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/datasources\`, { headers: { 'X-Tableau-Auth': token } });
    return data.datasources.datasource;
  } catch (err) {
    console.warn('could not list data sources', err.message);
    return [];
  }
}`,
      errors: [{
        messageId: 'swallowedError',
        line: 7,
        column: 12,
        suggestions: [{
          messageId: 'rethrowOn401',
          output: `
import axios from 'axios';
export async function datasources(siteId, token) {
  try {
    const { data } = await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/datasources\`, { headers: { 'X-Tableau-Auth': token } });
    return data.datasources.datasource;
  } catch (err) {
    if (err?.response?.status === 401) throw err;
    console.warn('could not list data sources', err.message);
    return [];
  }
}`,
        }],
      }],
    },
    {
      name: '.catch(console.error) on an axios call',
      filename: JS,
      code: `
import axios from 'axios';
export function refresh(siteId, taskId, token) {
  return axios.post(\`https://t.example.com/api/3.19/sites/\${siteId}/tasks/extractRefreshes/\${taskId}/runNow\`, {}, { headers: { 'X-Tableau-Auth': token } }).catch(console.error);
}`,
      errors: [{ messageId: 'swallowedError', line: 4, column: 163, suggestions: [] }],
    },
    {
      name: '.catch(() => null)',
      filename: TS,
      code: `
import axios from 'axios';
export const site = (siteId: string, token: string) =>
  axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}\`, { headers: { 'X-Tableau-Auth': token } }).catch(() => null);`,
      errors: [{ messageId: 'swallowedError', line: 4, column: 111, suggestions: [] }],
    },
    {
      name: 'got in TypeScript: logged and dropped',
      filename: TS,
      code: `
import got from 'got';
import { logger } from './log';
export async function metrics(siteId: string, token: string) {
  try {
    return await got(\`https://t.example.com/api/3.19/sites/\${siteId}/metrics\`, { headers: { 'x-tableau-auth': token } }).json();
  } catch (error) {
    logger.warn(error);
    return undefined;
  }
}`,
      errors: [{
        messageId: 'swallowedError',
        line: 7,
        column: 12,
        suggestions: [{
          messageId: 'rethrowOn401',
          output: `
import got from 'got';
import { logger } from './log';
export async function metrics(siteId: string, token: string) {
  try {
    return await got(\`https://t.example.com/api/3.19/sites/\${siteId}/metrics\`, { headers: { 'x-tableau-auth': token } }).json();
  } catch (error) {
    if ((error as { response?: { statusCode?: number } })?.response?.statusCode === 401) throw error;
    logger.warn(error);
    return undefined;
  }
}`,
        }],
      }],
    },
    {
      name: 'superagent end callback that ignores err',
      filename: JS,
      code: `
import request from 'superagent';
export function groups(siteId, token, render) {
  request.get(\`https://t.example.com/api/3.19/sites/\${siteId}/groups\`).set('X-Tableau-Auth', token).end((err, res) => {
    render(res.body.groups.group);
  });
}`,
      errors: [{
        messageId: 'swallowedError',
        line: 4,
        column: 105,
        suggestions: [{
          messageId: 'rethrowOn401',
          output: `
import request from 'superagent';
export function groups(siteId, token, render) {
  request.get(\`https://t.example.com/api/3.19/sites/\${siteId}/groups\`).set('X-Tableau-Auth', token).end((err, res) => {
    if (err?.status === 401) throw err;
    render(res.body.groups.group);
  });
}`,
        }],
      }],
    },
    {
      name: 'XMLHttpRequest that never reads status',
      filename: JS,
      code: `
export function loadProjects(siteId, token, render) {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', '/api/3.19/sites/' + siteId + '/projects');
  xhr.setRequestHeader('X-Tableau-Auth', token);
  xhr.onload = () => render(JSON.parse(xhr.responseText));
  xhr.send();
}`,
      errors: [{ messageId: 'uncheckedResponse', line: 4, column: 3, data: { check: '`status`' }, suggestions: [] }],
    },
    {
      name: 'node:https callback that never reads statusCode',
      filename: CJS,
      code: `
const https = require('node:https');
exports.download = (host, siteId, viewId, token, file) => {
  https.get({ host, path: \`/api/3.19/sites/\${siteId}/views/\${viewId}/image\`, headers: { 'X-Tableau-Auth': token } }, (res) => res.pipe(file));
};`,
      errors: [{ messageId: 'uncheckedResponse', line: 4, column: 3, data: { check: '`statusCode`' }, suggestions: [] }],
    },
    {
      name: '$.ajax with only a success callback',
      filename: JS,
      code: `
/* global $ */
export function loadWorkbooks(siteId, token, render) {
  $.ajax({ url: '/api/3.19/sites/' + siteId + '/workbooks', headers: { 'X-Tableau-Auth': token }, success: render });
}`,
      errors: [{ messageId: 'uncheckedResponse', line: 4, column: 3, suggestions: [] }],
    },
    {
      name: 'axios told to accept any status, status never read',
      filename: JS,
      code: `
import axios from 'axios';
export async function tasks(siteId, token) {
  const { data } = await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/tasks/extractRefreshes\`, { headers: { 'X-Tableau-Auth': token }, validateStatus: () => true });
  return data.tasks;
}`,
      errors: [{ messageId: 'anyStatusUnchecked', line: 4, column: 26, data: { option: 'validateStatus' } }],
    },
    {
      name: 'got with throwHttpErrors: false, body read directly',
      filename: TS,
      code: `
import got from 'got';
export const dataAlerts = (siteId: string, token: string) =>
  got(\`https://t.example.com/api/3.19/sites/\${siteId}/dataAlerts\`, { headers: { 'X-Tableau-Auth': token }, throwHttpErrors: false }).json();`,
      errors: [{ messageId: 'anyStatusUnchecked', line: 4, column: 3, data: { option: 'throwHttpErrors' } }],
    },
    {
      name: 'React component reads JSON straight from the response',
      filename: TSX,
      code: `
import { useEffect, useState } from 'react';
export function Sites({ token }: { token: string }) {
  const [sites, setSites] = useState<unknown[]>([]);
  useEffect(() => {
    fetch('/api/3.19/sites', { headers: { 'X-Tableau-Auth': token } }).then((r) => r.json()).then((d) => setSites(d.sites.site));
  }, [token]);
  return <p>{sites.length}</p>;
}`,
      errors: [{
        messageId: 'uncheckedResponse',
        line: 6,
        column: 5,
        suggestions: [{
          messageId: 'throwOn401',
          output: `
import { useEffect, useState } from 'react';
export function Sites({ token }: { token: string }) {
  const [sites, setSites] = useState<unknown[]>([]);
  useEffect(() => {
    fetch('/api/3.19/sites', { headers: { 'X-Tableau-Auth': token } }).then((r) => { if (r.status === 401) ${THROW}; return r.json(); }).then((d) => setSites(d.sites.site));
  }, [token]);
  return <p>{sites.length}</p>;
}`,
        }],
      }],
    },
    {
      name: 'ky instance whose failure becomes null',
      filename: TS,
      code: `
import ky from 'ky';
const tableau = ky.create({ prefixUrl: 'https://t.example.com/api/3.19' });
export async function subscriptions(siteId: string, token: string) {
  try {
    return await tableau.get(\`sites/\${siteId}/subscriptions\`, { headers: { 'X-Tableau-Auth': token } }).json();
  } catch {
    return null;
  }
}`,
      errors: [{ messageId: 'swallowedError', line: 7, column: 5, suggestions: [] }],
    },
    {
      name: 'undici request: body read, statusCode ignored',
      filename: TS,
      code: `
import { request } from 'undici';
export async function views(siteId: string, token: string) {
  const { body } = await request(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'x-tableau-auth': token } });
  return body.json();
}`,
      errors: [{ messageId: 'uncheckedResponse', line: 4, column: 26, suggestions: [] }],
    },
    {
      name: 'strict: passing the error to an unknown function does not count',
      filename: JS,
      options: [{ passingErrorHandles: false }],
      code: `
import axios from 'axios';
import { report } from './telemetry.js';
export async function owners(siteId, token) {
  try {
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/users\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (e) {
    report(e);
    return [];
  }
}`,
      errors: [{
        messageId: 'swallowedError',
        line: 7,
        column: 12,
        suggestions: [{
          messageId: 'rethrowOn401',
          output: `
import axios from 'axios';
import { report } from './telemetry.js';
export async function owners(siteId, token) {
  try {
    return (await axios.get(\`https://t.example.com/api/3.19/sites/\${siteId}/users\`, { headers: { 'X-Tableau-Auth': token } })).data;
  } catch (e) {
    if (e?.response?.status === 401) throw e;
    report(e);
    return [];
  }
}`,
        }],
      }],
    },
    {
      name: 'a sign-in whose answer is read without a status check',
      filename: JS,
      code: `
export async function signIn(base, name, secret) {
  const data = await (await fetch(\`\${base}/api/3.19/auth/signin\`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: name, personalAccessTokenSecret: secret, site: { contentUrl: '' } } }),
  })).json();
  return data.credentials.token;
}`,
      errors: [{ messageId: 'uncheckedResponse', line: 3, column: 29, suggestions: [] }],
    },
  ],
});
