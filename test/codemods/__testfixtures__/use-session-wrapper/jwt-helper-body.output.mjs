// A connected-app sign-in whose body a helper builds: the codemod cannot see the JWT, so it must not guess.
import jsonwebtoken from 'jsonwebtoken';
const SERVER = 'https://tableau.example.com';
let token = null;

function signInBody(jwt) {
  return JSON.stringify({ credentials: { jwt, site: { contentUrl: 'ops' } } });
}

export async function signIn() {
  const jwt = jsonwebtoken.sign({ sub: 'bot', aud: 'tableau', scp: ['tableau:content:read'] }, process.env.CA_SECRET, { expiresIn: '5m' });
  const res = await fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: signInBody(jwt),
  });
  token = (await res.json()).credentials.token;
}

export async function flows(siteId) {
  const res = await fetch(`${SERVER}/api/3.22/sites/${siteId}/flows`, { headers: { 'X-Tableau-Auth': token } });
  return res.json();
}
