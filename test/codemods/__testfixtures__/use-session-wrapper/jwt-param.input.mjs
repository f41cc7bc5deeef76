const SERVER = 'https://tableau.example.com';
let token = null;

export async function signIn(jwt) {
  const res = await fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { jwt, site: { contentUrl: 'ops' } } }),
  });
  token = (await res.json()).credentials.token;
}

export async function flows(siteId) {
  const res = await fetch(`${SERVER}/api/3.22/sites/${siteId}/flows`, { headers: { 'X-Tableau-Auth': token } });
  if (!res.ok) throw new Error(`flows failed: ${res.status}`);
  return res.json();
}
