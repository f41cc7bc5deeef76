// The token of one call is another function's result (a token per user), not the module's own.
import { tokenFor } from './users.js';
const SERVER = 'https://tableau.example.com';
let token = null;

export async function signIn() {
  const res = await fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: 'svc', personalAccessTokenSecret: process.env.TABLEAU_PAT, site: { contentUrl: 'ops' } } }),
  });
  token = (await res.json()).credentials.token;
}

export async function projects(siteId) {
  const res = await fetch(`${SERVER}/api/3.22/sites/${siteId}/projects`, { headers: { 'X-Tableau-Auth': token } });
  return res.json();
}

export async function datasources(userId, siteId) {
  const userToken = await tokenFor(userId);
  const res = await fetch(`${SERVER}/api/3.22/sites/${siteId}/datasources`, { headers: { 'X-Tableau-Auth': userToken } });
  return res.json();
}
