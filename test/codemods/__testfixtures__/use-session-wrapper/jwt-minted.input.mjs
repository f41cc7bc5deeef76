import { mintConnectedAppJwt } from './connected-app.mjs';

const SERVER = 'https://tableau.example.com';
let token = null;
let siteId = null;

async function signIn() {
  const jwt = await mintConnectedAppJwt('report-bot');
  const res = await fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { jwt, site: { contentUrl: 'ops' } } }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const { credentials } = await res.json();
  token = credentials.token;
  siteId = credentials.site.id;
}

export async function jobs() {
  if (!token) await signIn();
  const res = await fetch(`${SERVER}/api/3.22/sites/${siteId}/jobs`, { headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } });
  if (!res.ok) throw new Error(`jobs failed: ${res.status}`);
  return (await res.json()).backgroundJobs;
}
