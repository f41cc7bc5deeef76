import { createTableauSession } from './tableau-session.js';

const BASE = 'http://tableau.intranet:8000/api/3.19';
let token = null;
const tableauSession = createTableauSession({ server: BASE, allowInsecure: true });

export async function signIn(credentials) {
  const res = await tableauSession.fetch(BASE + '/auth/signin', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials }),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  token = (await res.json()).credentials.token;
}

export async function serverSession() {
  const res = await tableauSession.fetch(BASE + '/sessions/current', { headers: { Accept: 'application/json' } });
  return res.ok ? res.json() : null;
}
