// One helper, two callers: the service account at start-up, and each user's own request.
import express from 'express';

const SERVER = 'https://tableau.example.com';
const SERVICE_USER = 'svc-reports';
const SERVICE_PASSWORD = process.env.TABLEAU_SERVICE_PASSWORD;
let token = null;

export async function login(user, password) {
  const res = await fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name: user, password } }),
  });
  token = (await res.json()).credentials.token;
}

export async function views(siteId) {
  const res = await fetch(`${SERVER}/api/3.22/sites/${siteId}/views`, { headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } });
  return res.json();
}

export function start() {
  return login(SERVICE_USER, SERVICE_PASSWORD);
}

export const app = express();
app.post('/me/login', express.json(), async (req, res) => {
  await login(req.body.user, req.body.password);
  res.sendStatus(204);
});
