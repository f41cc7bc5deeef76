import { mintConnectedAppJwt } from './connected-app.mjs';
import { createTableauSession } from './tableau-session.js';

const SERVER = 'https://tableau.example.com';
let token = null;
let siteId = null;
const tableauSession = createTableauSession({
  server: SERVER,
  apiVersion: '3.22',
  credentials: async () => ({ jwt: await mintConnectedAppJwt('report-bot'), site: { contentUrl: 'ops' } }),
});

async function signIn() {
  const jwt = await mintConnectedAppJwt('report-bot');
  const res = await tableauSession.fetch(`${SERVER}/api/3.22/auth/signin`, {
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
  const res = await tableauSession.fetch(`${SERVER}/api/3.22/sites/${siteId}/jobs`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`jobs failed: ${res.status}`);
  return (await res.json()).backgroundJobs;
}
