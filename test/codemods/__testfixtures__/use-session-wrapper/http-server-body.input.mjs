// A plain node:http server signs each caller in with the name and password its request body carries.
import http from 'node:http';

const SERVER = 'https://tableau.example.com';
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

function readJson(req) {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => resolve(JSON.parse(text)));
  });
}

http.createServer(async (req, res) => {
  const body = await readJson(req);
  await login(body.user, body.password);
  res.end();
}).listen(8080, '127.0.0.1');
