#!/usr/bin/env node
import { createTableauSession } from './tableau-session.js';

// One-off script: list every project, with top-level await.
const server = process.argv[2] ?? 'https://tableau.example.com';
const tableauSession = createTableauSession({ server, apiVersion: '3.19' });

const signIn = await tableauSession.fetch(`${server}/api/3.19/auth/signin`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  body: JSON.stringify({ credentials: { personalAccessTokenName: process.env.PAT_NAME, personalAccessTokenSecret: process.env.PAT_SECRET } }),
});
if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
const { credentials } = await signIn.json();

for (let page = 1; page <= 3; page++) {
  const res = await tableauSession.fetch(`${server}/api/3.19/sites/${credentials.site.id}/projects?pageNumber=${page}`, {
    headers: { Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`projects failed: ${res.status}`);
  console.log((await res.json()).projects.project.map((p) => p.name).join('\n'));
}
