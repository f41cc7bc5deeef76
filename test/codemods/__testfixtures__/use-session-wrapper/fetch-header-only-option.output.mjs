import { createTableauSession } from './tableau-session.js';

const SERVER = process.env.TABLEAU_SERVER ?? 'https://tableau.example.com';
const API = `${SERVER}/api/3.19`;
let token = '';
const tableauSession = createTableauSession({ server: SERVER, apiVersion: '3.19' });

export async function signIn(body) {
  const res = await tableauSession.fetch(`${API}/auth/signin`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body });
  if (res.status !== 200) throw new Error(`sign-in ${res.status}`);
  token = /token="([^"]+)"/.exec(await res.text())[1];
}

export async function serverInfo() {
  const res = await fetch(`${API}/serverinfo`);
  return res.text();
}

export async function current() {
  const res = await tableauSession.fetch(`${API}/sessions/current`);
  if (!res.ok) throw new Error(`sessions/current ${res.status}`);
  return res.text();
}
