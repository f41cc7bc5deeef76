// The token comes from a module that already exports its session: the calls can use that session.
import { signIn } from './support/tableau-hub.mjs';

const BASE = 'https://tableau.example.com/api/3.22';

export async function projects(siteId) {
  const token = await signIn();
  const res = await fetch(`${BASE}/sites/${siteId}/projects`, { headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } });
  if (!res.ok) throw new Error(`projects: ${res.status}`);
  return res.json();
}
