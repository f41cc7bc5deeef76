// Nightly workbook report: signs in with a personal access token, then lists projects and workbooks.
// Legacy shape: the token lives in a module variable and every call reuses it.
import { setTimeout as sleep } from 'node:timers/promises';

const SERVER = process.env.TABLEAU_SERVER ?? 'https://tableau.example.com';
const API_VERSION = '3.19';
const BASE = `${SERVER}/api/${API_VERSION}`;
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 0);

let authToken = null;
let siteId = '';

async function signIn() {
  const res = await fetch(`${BASE}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      credentials: {
        personalAccessTokenName: process.env.TABLEAU_PAT_NAME,
        personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET,
        site: { contentUrl: process.env.TABLEAU_SITE ?? '' },
      },
    }),
  });
  if (!res.ok) throw new Error(`sign-in failed with HTTP ${res.status}`);
  const body = await res.json();
  authToken = body.credentials.token;
  siteId = body.credentials.site.id;
}

async function get(path) {
  const res = await fetch(`${BASE}/sites/${siteId}/${path}`, {
    headers: { 'X-Tableau-Auth': authToken, Accept: 'application/json' },
  });
  return res.json();
}

async function main() {
  await signIn();
  const { projects } = await get('projects');
  console.log(`${projects.project.length} projects`);
  // The real job spends minutes per project here; PAUSE_MS stands in for that.
  await sleep(PAUSE_MS);
  const { workbooks } = await get('workbooks?pageSize=100');
  console.log(`${workbooks.workbook.length} workbooks`);
}

main().catch((err) => {
  console.error(`report failed: ${err.message}`);
  process.exitCode = 1;
});
