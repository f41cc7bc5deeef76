import got from 'got';

const prefixUrl = 'https://tableau.example.com/api/3.19';
let token = '';

export async function signIn(credentials) {
  const answer = await got.post('auth/signin', { prefixUrl, json: { credentials }, headers: { Accept: 'application/json' } }).json();
  token = answer.credentials.token;
}

export async function sites() {
  return got('sites', { prefixUrl, headers: { 'X-Tableau-Auth': token, Accept: 'application/json' } }).json();
}
