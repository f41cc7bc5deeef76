// The token comes from the caller, which signed in somewhere else.
const BASE = 'https://tableau.example.com/api/3.19';

export async function workbooks(token, siteId) {
  const res = await fetch(`${BASE}/sites/${siteId}/workbooks`, { headers: { 'X-Tableau-Auth': token } });
  if (!res.ok) throw new Error(`workbooks: ${res.status}`);
  return res.json();
}
