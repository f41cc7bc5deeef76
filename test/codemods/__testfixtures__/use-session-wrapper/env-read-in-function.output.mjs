// The server is read from the environment when each call runs (dotenv or a test may set it after import).
let token = null;

export async function signIn() {
  const res = await fetch(`${process.env.TABLEAU_SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: 'svc', personalAccessTokenSecret: process.env.TABLEAU_PAT } }),
  });
  token = (await res.json()).credentials.token;
}

export async function projects(siteId) {
  const res = await fetch(`${process.env.TABLEAU_SERVER}/api/3.22/sites/${siteId}/projects`, { headers: { 'X-Tableau-Auth': token } });
  return res.json();
}
