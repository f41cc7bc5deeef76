// An Express app: handlers send the signed-in user's own token, kept on the request.
const SERVER = 'https://tableau.example.com';
let token = null;

export async function signIn() {
  const res = await fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: 'svc', personalAccessTokenSecret: process.env.TABLEAU_PAT, site: { contentUrl: 'ops' } } }),
  });
  token = (await res.json()).credentials.token;
}

export async function projects(siteId) {
  const res = await fetch(`${SERVER}/api/3.22/sites/${siteId}/projects`, { headers: { 'X-Tableau-Auth': token } });
  return res.json();
}

export async function views(req, res) {
  const r = await fetch(`${SERVER}/api/3.22/sites/${req.params.site}/views`, { headers: { 'X-Tableau-Auth': req.session.token } });
  res.json(await r.json());
}

export async function flows(req, res) {
  const r = await fetch(`${SERVER}/api/3.22/sites/${req.params.site}/flows`, { headers: { 'X-Tableau-Auth': req.user.tableauToken } });
  res.json(await r.json());
}
