import { fetch } from 'undici';
import { createTableauSession } from './tableau-session.js';

const TABLEAU = process.env.TABLEAU_SERVER;
let token;
const tableauSession = createTableauSession({ server: TABLEAU, apiVersion: '3.21', fetch });

export async function signIn(name, password) {
  const res = await tableauSession.fetch(`${TABLEAU}/api/3.21/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name, password, site: { contentUrl: '' } } }),
  });
  if (!res.ok) throw new Error(`sign-in ${res.status}`);
  token = (await res.json()).credentials.token;
}

export async function users(siteId) {
  const res = await tableauSession.fetch(`${TABLEAU}/api/3.21/sites/${siteId}/users`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`users ${res.status}`);
  return res.json();
}
