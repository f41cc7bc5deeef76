// Nightly export: signs in with a PAT, keeps the token in a module variable.
import { writeFile } from 'node:fs/promises';

const SERVER = process.env.TABLEAU_SERVER ?? 'https://tableau.example.com';
const API_VERSION = '3.21';
const BASE = `${SERVER}/api/${API_VERSION}`;

let token;
let siteId;

export async function signIn() {
  const res = await fetch(`${BASE}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      credentials: {
        personalAccessTokenName: process.env.TABLEAU_PAT_NAME,
        personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET,
        site: { contentUrl: 'marketing' },
      },
    }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const { credentials } = await res.json();
  token = credentials.token;
  siteId = credentials.site.id;
}

export async function exportViews(file) {
  const res = await fetch(`${BASE}/sites/${siteId}/views?pageSize=1000`, {
    headers: {
      'X-Tableau-Auth': token, // set at sign-in
      Accept: 'application/json',
    },
  });
  if (!res.ok) throw new Error(`views: ${res.status}`);
  await writeFile(file, JSON.stringify(await res.json()));
}

export async function signOut() {
  await fetch(`${BASE}/auth/signout`, { method: 'POST', headers: { 'X-Tableau-Auth': token } });
}
