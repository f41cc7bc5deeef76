import rule from '../../rules/no-hardcoded-credentials.js';
import { CJS, JS, TS, TSX, ruleTester } from './rule-tester.js';

ruleTester.run('no-hardcoded-credentials', rule, {
  valid: [
    {
      name: 'PAT secret from the environment',
      filename: JS,
      code: `
export const signIn = (base) => fetch(\`\${base}/api/3.19/auth/signin\`, {
  method: 'POST',
  body: JSON.stringify({ credentials: { personalAccessTokenName: 'nightly-job', personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET, site: { contentUrl: 'ops' } } }),
});`,
    },
    {
      name: 'password from a parameter, XML body',
      filename: CJS,
      code: `
const fetch = require('node-fetch');
exports.signIn = (base, user, password) => fetch(base + '/api/3.19/auth/signin', {
  method: 'POST',
  body: \`<tsRequest><credentials name="\${user}" password="\${password}"><site contentUrl=""/></credentials></tsRequest>\`,
});`,
    },
    {
      name: 'JWT minted per sign-in',
      filename: TS,
      code: `
import axios from 'axios';
import { mintJwt } from './jwt';
export const signIn = (base: string) => axios.post(\`\${base}/api/3.19/auth/signin\`, { credentials: { jwt: mintJwt(), site: { contentUrl: '' } } });`,
    },
    {
      name: 'empty password placeholder in a template',
      filename: JS,
      code: `
const body = { credentials: { name: '', password: '', site: { contentUrl: '' } } };
export const signIn = (base) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify(body) });`,
    },
    {
      name: 'obvious placeholder values are skipped by default',
      filename: JS,
      code: `
export const signIn = (base) => fetch(base + '/api/3.19/auth/signin', {
  method: 'POST',
  body: JSON.stringify({ credentials: { personalAccessTokenName: 'bot', personalAccessTokenSecret: '<your-pat-secret>', site: { contentUrl: '' } } }),
});`,
    },
    {
      name: 'token from the sign-in response, not a literal',
      filename: JS,
      code: `
export async function views(base, siteId, creds) {
  const r = await fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: creds }) });
  const token = (await r.json()).credentials.token;
  return fetch(\`\${base}/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } });
}`,
    },
    {
      name: 'a password in a body that is not a Tableau sign-in',
      filename: JS,
      code: `
export const login = () => fetch('https://auth.example.com/login', { method: 'POST', body: JSON.stringify({ user: 'a', password: 'not-tableau-fake' }) });`,
    },
    {
      name: 'credentials object built from a secrets manager',
      filename: TS,
      code: `
import { getSecret } from './secrets';
export async function signIn(base: string) {
  const credentials = { personalAccessTokenName: 'etl', personalAccessTokenSecret: await getSecret('tableau/etl'), site: { contentUrl: 'data' } };
  return fetch(\`\${base}/api/3.19/auth/signin\`, { method: 'POST', body: JSON.stringify({ credentials }) });
}`,
    },
    {
      name: 'session wrapper credentials from a function',
      filename: TS,
      code: `
import { createTableauSession } from './tableau-session';
export const session = createTableauSession({
  server: 'https://t.example.com',
  credentials: () => ({ personalAccessTokenName: 'etl', personalAccessTokenSecret: process.env.PAT_SECRET ?? '' }),
});`,
    },
    {
      name: 'XML with attribute values from variables',
      filename: JS,
      code: `
const xml = (name, secret) => \`<tsRequest><credentials personalAccessTokenName="\${name}" personalAccessTokenSecret="\${secret}"><site contentUrl=""/></credentials></tsRequest>\`;
export const signIn = (base, n, s) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: xml(n, s) });`,
    },
    {
      name: 'JSON text and single-quoted XML with the secrets interpolated',
      filename: JS,
      code: `
export const signInJson = (base, s) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: \`{"credentials":{"personalAccessTokenName":"ci","personalAccessTokenSecret":"\${s}","site":{"contentUrl":""}}}\` });
export const signInXml = (base, s) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: \`<tsRequest><credentials name='ci' password='\${s}'><site contentUrl=''/></credentials></tsRequest>\` });`,
    },
    {
      name: 'user name written into the code is not a secret',
      filename: JS,
      code: `
export const signIn = (base) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: { name: 'svc_reporting', password: process.env.TABLEAU_PASSWORD, site: { contentUrl: '' } } }) });`,
    },
    {
      name: 'React login form posts what the user typed',
      filename: TSX,
      code: `
import { useState } from 'react';
export function Login() {
  const [password, setPassword] = useState('');
  const submit = () => fetch('/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: { name: 'me', password, site: { contentUrl: '' } } }) });
  return <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} onBlur={submit} />;
}`,
    },
    {
      name: 'axios with credentials from config',
      filename: CJS,
      code: `
const axios = require('axios');
const config = require('./config');
module.exports = () => axios.post(config.url + '/api/3.19/auth/signin', { credentials: { name: config.user, password: config.password, site: { contentUrl: '' } } });`,
    },
    {
      name: 'X-Tableau-Auth from a variable',
      filename: JS,
      code: `
export const ping = (t) => fetch('/api/3.19/sessions/current', { headers: { 'X-Tableau-Auth': t } });`,
    },
    {
      name: 'placeholder-looking literal in a test helper: "changeme"',
      filename: JS,
      code: `
export const signIn = (base) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: { name: 'admin', password: 'changeme', site: { contentUrl: '' } } }) });`,
    },
  ],
  invalid: [
    {
      name: 'PAT secret in a JSON sign-in',
      filename: JS,
      code: `
export const signIn = (base) => fetch(\`\${base}/api/3.19/auth/signin\`, {
  method: 'POST',
  body: JSON.stringify({ credentials: { personalAccessTokenName: 'bot', personalAccessTokenSecret: 'pat-secret-fake-1234', site: { contentUrl: '' } } }),
});`,
      errors: [{
        messageId: 'hardcodedSecret',
        line: 4,
        column: 100,
        data: { field: 'personalAccessTokenSecret' },
        suggestions: [{
          messageId: 'readFromEnv',
          data: { variable: 'TABLEAU_PAT_SECRET' },
          output: `
export const signIn = (base) => fetch(\`\${base}/api/3.19/auth/signin\`, {
  method: 'POST',
  body: JSON.stringify({ credentials: { personalAccessTokenName: 'bot', personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET, site: { contentUrl: '' } } }),
});`,
        }],
      }],
    },
    {
      name: 'password in a credentials constant',
      filename: TS,
      code: `
const credentials = { name: 'svc_etl', password: 'fake-password-123', site: { contentUrl: 'finance' } };
export const signIn = (base: string) => fetch(\`\${base}/api/3.19/auth/signin\`, { method: 'POST', body: JSON.stringify({ credentials }) });`,
      errors: [{
        messageId: 'hardcodedSecret',
        line: 2,
        column: 50,
        suggestions: [{
          messageId: 'readFromEnv',
          output: `
const credentials = { name: 'svc_etl', password: process.env.TABLEAU_PASSWORD, site: { contentUrl: 'finance' } };
export const signIn = (base: string) => fetch(\`\${base}/api/3.19/auth/signin\`, { method: 'POST', body: JSON.stringify({ credentials }) });`,
        }],
      }],
    },
    {
      name: 'password in an XML sign-in string',
      filename: CJS,
      code: `
const fetch = require('node-fetch');
const BODY = '<tsRequest><credentials name="admin" password="fake-hunter2"><site contentUrl=""/></credentials></tsRequest>';
exports.signIn = (base) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: BODY });`,
      errors: [{ messageId: 'hardcodedSecretInXml', line: 3, column: 14, data: { field: 'password', format: 'XML' } }],
    },
    {
      name: 'PAT secret in an XML template with a variable name',
      filename: JS,
      code: `
export const signIn = (base, patName) => fetch(base + '/api/3.19/auth/signin', {
  method: 'POST',
  body: \`<tsRequest><credentials personalAccessTokenName="\${patName}" personalAccessTokenSecret="fake-secret-abc"><site contentUrl=""/></credentials></tsRequest>\`,
});`,
      errors: [{ messageId: 'hardcodedSecretInXml', line: 4, column: 9, data: { field: 'personalAccessTokenSecret', format: 'XML' } }],
    },
    {
      name: 'PAT secret in XML with single-quoted attributes',
      filename: JS,
      code: `
export const signIn = (base) => fetch(base + '/api/3.19/auth/signin', {
  method: 'POST',
  body: "<tsRequest><credentials personalAccessTokenName='ci' personalAccessTokenSecret='fake-secret-abc'><site contentUrl=''/></credentials></tsRequest>",
});`,
      errors: [{ messageId: 'hardcodedSecretInXml', line: 4, column: 9, data: { field: 'personalAccessTokenSecret', format: 'XML' } }],
    },
    {
      name: 'password in a sign-in body written as JSON text',
      filename: CJS,
      code: `
const BODY = '{"credentials":{"name":"admin","password":"fake-hunter2","site":{"contentUrl":""}}}';
exports.signIn = (base) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: BODY });`,
      errors: [{ messageId: 'hardcodedSecretInXml', line: 2, column: 14, data: { field: 'password', format: 'JSON' } }],
    },
    {
      name: 'a JWT literal',
      filename: TS,
      code: `
import axios from 'axios';
export const signIn = (base: string) => axios.post(\`\${base}/api/3.19/auth/signin\`, { credentials: { jwt: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJmYWtlIn0.', site: { contentUrl: '' } } });`,
      errors: [{
        messageId: 'hardcodedSecret',
        line: 3,
        column: 106,
        data: { field: 'jwt' },
        suggestions: [{
          messageId: 'readFromEnv',
          output: `
import axios from 'axios';
export const signIn = (base: string) => axios.post(\`\${base}/api/3.19/auth/signin\`, { credentials: { jwt: process.env.TABLEAU_JWT, site: { contentUrl: '' } } });`,
        }],
      }],
    },
    {
      name: 'a literal X-Tableau-Auth token',
      filename: JS,
      code: `
export const views = (siteId) => fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': 'abcDEF123fakeToken|site' } });`,
      errors: [{ messageId: 'hardcodedToken', line: 2, column: 127 }],
    },
    {
      name: 'a literal token on the axios defaults',
      filename: JS,
      code: `
import axios from 'axios';
axios.defaults.headers.common['X-Tableau-Auth'] = 'fake-session-token-0001';
export const sites = () => axios.get('https://t.example.com/api/3.19/sites');`,
      errors: [{ messageId: 'hardcodedToken', line: 3, column: 51 }],
    },
    {
      name: 'a literal token in the workgroup_session_id cookie',
      filename: JS,
      code: `
export const me = () => fetch('https://t.example.com/api/3.19/sessions/current', { headers: { Cookie: 'workgroup_session_id=fakeCookieToken42' } });`,
      errors: [{ messageId: 'hardcodedToken', line: 2, column: 103 }],
    },
    {
      name: 'a literal token with superagent',
      filename: JS,
      code: `
import request from 'superagent';
export const groups = (siteId) => request.get(\`https://t.example.com/api/3.19/sites/\${siteId}/groups\`).set('X-Tableau-Auth', 'fake-token-xyz');`,
      errors: [{ messageId: 'hardcodedToken', line: 3, column: 126 }],
    },
    {
      name: 'credentials spread from a literal object',
      filename: JS,
      code: `
const DEFAULTS = { personalAccessTokenName: 'ci', personalAccessTokenSecret: 'fake-ci-secret-9' };
export const signIn = (base, site) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: { ...DEFAULTS, site: { contentUrl: site } } }) });`,
      errors: [{
        messageId: 'hardcodedSecret',
        line: 2,
        column: 78,
        suggestions: [{
          messageId: 'readFromEnv',
          output: `
const DEFAULTS = { personalAccessTokenName: 'ci', personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET };
export const signIn = (base, site) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: { ...DEFAULTS, site: { contentUrl: site } } }) });`,
        }],
      }],
    },
    {
      name: 'the session wrapper given a literal PAT secret',
      filename: TS,
      code: `
import { createTableauSession } from './tableau-session';
export const session = createTableauSession({
  server: 'https://t.example.com',
  credentials: { personalAccessTokenName: 'etl', personalAccessTokenSecret: 'fake-etl-secret', site: { contentUrl: '' } },
});`,
      errors: [{
        messageId: 'hardcodedSecret',
        line: 5,
        column: 77,
        suggestions: [{
          messageId: 'readFromEnv',
          output: `
import { createTableauSession } from './tableau-session';
export const session = createTableauSession({
  server: 'https://t.example.com',
  credentials: { personalAccessTokenName: 'etl', personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET, site: { contentUrl: '' } },
});`,
        }],
      }],
    },
    {
      name: 'axios instance sign-in with a password literal',
      filename: JS,
      code: `
import axios from 'axios';
const api = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
export const signIn = () => api.post('/auth/signin', { credentials: { name: 'kiosk', password: 'fake-kiosk-pw', site: { contentUrl: 'lobby' } } });`,
      errors: [{
        messageId: 'hardcodedSecret',
        line: 4,
        column: 96,
        suggestions: [{
          messageId: 'readFromEnv',
          output: `
import axios from 'axios';
const api = axios.create({ baseURL: 'https://t.example.com/api/3.19' });
export const signIn = () => api.post('/auth/signin', { credentials: { name: 'kiosk', password: process.env.TABLEAU_PASSWORD, site: { contentUrl: 'lobby' } } });`,
        }],
      }],
    },
    {
      name: 'React demo page with a token literal',
      filename: TSX,
      code: `
export function Demo() {
  const load = () => fetch('/api/3.19/serverinfo', { headers: { 'X-Tableau-Auth': 'fake-demo-token-77' } });
  return <button onClick={load}>Try</button>;
}`,
      errors: [{ messageId: 'hardcodedToken', line: 3, column: 83 }],
    },
    {
      name: 'strict: placeholders count too',
      filename: JS,
      options: [{ ignorePlaceholders: false }],
      code: `
export const signIn = (base) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: { name: 'admin', password: 'changeme', site: { contentUrl: '' } } }) });`,
      errors: [{
        messageId: 'hardcodedSecret',
        line: 2,
        column: 152,
        suggestions: [{
          messageId: 'readFromEnv',
          output: `
export const signIn = (base) => fetch(base + '/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: { name: 'admin', password: process.env.TABLEAU_PASSWORD, site: { contentUrl: '' } } }) });`,
        }],
      }],
    },
    {
      name: 'jQuery sign-in with a password literal',
      filename: JS,
      code: `
/* global $ */
export const signIn = () => $.ajax({ url: '/api/3.19/auth/signin', type: 'POST', contentType: 'application/json', data: JSON.stringify({ credentials: { name: 'wall', password: 'fake-wall-pw', site: { contentUrl: '' } } }), error() {} });`,
      errors: [{
        messageId: 'hardcodedSecret',
        line: 3,
        column: 177,
        suggestions: [{
          messageId: 'readFromEnv',
          output: `
/* global $ */
export const signIn = () => $.ajax({ url: '/api/3.19/auth/signin', type: 'POST', contentType: 'application/json', data: JSON.stringify({ credentials: { name: 'wall', password: process.env.TABLEAU_PASSWORD, site: { contentUrl: '' } } }), error() {} });`,
        }],
      }],
    },
  ],
});
