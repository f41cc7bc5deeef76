const BASE = 'http://tableau.intranet:8000/api/3.19';
let token = null;

export async function signIn(credentials) {
  const res = await fetch(BASE + '/auth/signin', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials }),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  token = (await res.json()).credentials.token;
}

export async function serverSession() {
  const res = await fetch(BASE + '/sessions/current', { headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } });
  return res.ok ? res.json() : null;
}
