#!/usr/bin/env node
// One-off script: list every project, with top-level await.
const server = process.argv[2] ?? 'https://tableau.example.com';

const signIn = await fetch(`${server}/api/3.19/auth/signin`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  body: JSON.stringify({ credentials: { personalAccessTokenName: process.env.PAT_NAME, personalAccessTokenSecret: process.env.PAT_SECRET } }),
});
if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
const { credentials } = await signIn.json();

for (let page = 1; page <= 3; page++) {
  const res = await fetch(`${server}/api/3.19/sites/${credentials.site.id}/projects?pageNumber=${page}`, {
    headers: { 'X-Tableau-Auth': credentials.token, Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`projects failed: ${res.status}`);
  console.log((await res.json()).projects.project.map((p) => p.name).join('\n'));
}
