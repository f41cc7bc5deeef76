import { createTableauSession } from './tableau-session.js';

const SERVER = process.env['TABLEAU_SERVER'] ?? 'https://tableau.example.com';
let token = '';
let site = '';
const tableauSession = createTableauSession({ server: SERVER, apiVersion: '3.22' });

export async function signIn(): Promise<void> {
  const res = await tableauSession.fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: 'sync', personalAccessTokenSecret: process.env['TABLEAU_PAT'] ?? '' } }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  const json = (await res.json()) as { credentials: { token: string; site: { id: string } } };
  token = json.credentials.token;
  site = json.credentials.site.id;
}

export async function switchTo(contentUrl: string): Promise<void> {
  const res = await tableauSession.fetch(`${SERVER}/api/3.22/auth/switchSite`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ site: { contentUrl } }),
  });
  if (!res.ok) throw new Error(`switchSite: ${res.status}`);
  const json = (await res.json()) as { credentials: { token: string; site: { id: string } } };
  token = json.credentials.token;
  site = json.credentials.site.id;
}
