// Calls another REST API that happens to use /api/ paths: not Tableau.
const BASE = 'https://api.example.org/api/3.2';

export async function users(token: string): Promise<unknown> {
  const res = await fetch(`${BASE}/users`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`users: ${res.status}`);
  return res.json();
}
