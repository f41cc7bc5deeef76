// A helper takes the credentials as parameters, and this file calls it with values from the environment.
const SERVER = 'https://tableau.example.com';
let token = '';

async function signIn(username: string, password: string): Promise<void> {
  const res = await fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name: username, password, site: { contentUrl: '' } } }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  token = ((await res.json()) as { credentials: { token: string } }).credentials.token;
}

export async function workbooks(siteId: string): Promise<unknown> {
  if (!token) await signIn(process.env.TABLEAU_USER ?? '', process.env.TABLEAU_PASSWORD ?? '');
  const res = await fetch(`${SERVER}/api/3.22/sites/${siteId}/workbooks`, { headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } });
  if (!res.ok) throw new Error(`workbooks: ${res.status}`);
  return res.json();
}
