import { createTableauSession } from './tableau-session.js';

const BASE = 'https://tableau.example.com/api/3.19';
let headers = { Accept: 'application/json' };
const tableauSession = createTableauSession({ server: BASE });

export async function signIn(credentials) {
  const res = await tableauSession.fetch(`${BASE}/auth/signin`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ credentials }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  headers = { ...headers, 'X-Tableau-Auth': (await res.json()).credentials.token };
}

export async function projects(siteId) {
  const res = await tableauSession.fetch(`${BASE}/sites/${siteId}/projects`, { headers });
  if (!res.ok) throw new Error(`projects: ${res.status}`);
  return res.json();
}
