import { createTableauSession } from './tableau-session.js';

const session = createTableauSession({
  server: process.env.TABLEAU_SERVER ?? 'https://tableau.example.com',
  credentials: () => ({
    personalAccessTokenName: process.env.TABLEAU_PAT_NAME ?? '',
    personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET ?? '',
  }),
});

export async function projects() {
  await session.signIn();
  const res = await session.fetch(`${session.server}/api/3.22/sites/${session.siteId}/projects`);
  if (!res.ok) throw new Error(`projects: ${res.status}`);
  return res.json();
}
