import { createTableauSession } from './tableau-session.js';

const SERVER = process.env.TABLEAU_SERVER ?? 'https://tableau.example.com';
const session = createTableauSession({
  server: SERVER,
  credentials: () => ({ personalAccessTokenName: 'etl', personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET ?? '' }),
});

export async function projects() {
  await session.signIn();
  const res = await session.fetch(`${SERVER}/api/3.22/sites/${session.siteId}/projects`);
  if (!res.ok) throw new Error(`projects: ${res.status}`);
  return res.json();
}

// Added later by someone who did not know about the session.
export async function groups() {
  const res = await session.fetch(`${SERVER}/api/3.22/sites/${session.siteId}/groups`, {
    headers: { Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`groups: ${res.status}`);
  return res.json();
}
