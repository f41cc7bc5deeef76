// The token comes from a module that already exports its session: the calls can use that session.
import { signIn, tableauSession } from './support/tableau-hub.mjs';

const BASE = 'https://tableau.example.com/api/3.22';

export async function projects(siteId) {
  const token = await signIn();
  const res = await tableauSession.fetch(`${BASE}/sites/${siteId}/projects`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`projects: ${res.status}`);
  return res.json();
}
