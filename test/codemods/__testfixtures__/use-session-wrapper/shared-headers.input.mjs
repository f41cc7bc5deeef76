const BASE = 'https://tableau.example.com/api/3.19';
let headers = { Accept: 'application/json' };

export async function signIn(credentials) {
  const res = await fetch(`${BASE}/auth/signin`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ credentials }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  headers = { ...headers, 'X-Tableau-Auth': (await res.json()).credentials.token };
}

export async function projects(siteId) {
  const res = await fetch(`${BASE}/sites/${siteId}/projects`, { headers });
  if (!res.ok) throw new Error(`projects: ${res.status}`);
  return res.json();
}
