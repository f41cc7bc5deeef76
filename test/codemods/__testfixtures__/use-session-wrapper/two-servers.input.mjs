const PROD = 'https://tableau.example.com/api/3.19';
const STAGING = 'https://tableau-staging.example.com/api/3.19';
let prodToken = '';
let stagingToken = '';

export async function signInBoth(credentials) {
  const body = JSON.stringify({ credentials });
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  prodToken = (await (await fetch(`${PROD}/auth/signin`, { method: 'POST', headers, body })).json()).credentials.token;
  stagingToken = (await (await fetch(`${STAGING}/auth/signin`, { method: 'POST', headers, body })).json()).credentials.token;
}

export async function compare(siteId) {
  const a = await fetch(`${PROD}/sites/${siteId}/projects`, { headers: { 'X-Tableau-Auth': prodToken } });
  const b = await fetch(`${STAGING}/sites/${siteId}/projects`, { headers: { 'X-Tableau-Auth': stagingToken } });
  if (!a.ok || !b.ok) throw new Error('compare failed');
  return [await a.text(), await b.text()];
}
