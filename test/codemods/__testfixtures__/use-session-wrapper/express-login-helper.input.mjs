// An Express app signs each user in with the name and password of their own request, through a helper.
import express from 'express';

const SERVER = 'https://tableau.example.com';
let token = null;

async function signIn(name, password) {
  const res = await fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name, password, site: { contentUrl: 'sales' } } }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  token = (await res.json()).credentials.token;
}

async function projects(siteId) {
  const res = await fetch(`${SERVER}/api/3.22/sites/${siteId}/projects`, { headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } });
  return res.json();
}

const app = express();
app.use(express.json());

app.post('/login', async (req, res) => {
  await signIn(req.body.user, req.body.password);
  res.sendStatus(204);
});

app.get('/projects/:site', async (req, res) => {
  res.json(await projects(req.params.site));
});

app.listen(3000, '127.0.0.1');
