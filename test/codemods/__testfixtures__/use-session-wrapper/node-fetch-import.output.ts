import fetch from 'node-fetch';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createTableauSession } from './tableau-session.js';

const SERVER = process.env.TABLEAU_SERVER ?? 'https://tableau.example.com';
let token: string | undefined;
let site = '';
const tableauSession = createTableauSession({ server: SERVER, apiVersion: '3.22', fetch });

export async function signIn(): Promise<void> {
  const res = await tableauSession.fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: 'nightly', personalAccessTokenSecret: process.env.PAT ?? '' } }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  const json = (await res.json()) as { credentials: { token: string; site: { id: string } } };
  token = json.credentials.token;
  site = json.credentials.site.id;
}

export async function downloadView(viewId: string, file: string): Promise<void> {
  const res = await tableauSession.fetch(`${SERVER}/api/3.22/sites/${site}/views/${viewId}/pdf`);
  if (!res.ok || !res.body) throw new Error(`pdf: ${res.status}`);
  await pipeline(res.body, createWriteStream(file));
}
