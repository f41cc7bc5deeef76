import axios from 'axios';

const TABLEAU_URL: string = process.env.TABLEAU_URL ?? 'https://tableau.example.com';

const http = axios.create({ baseURL: `${TABLEAU_URL}/api/3.22` });

let authToken = '';

export async function login(patName: string, patSecret: string): Promise<string> {
  const res = await http.post<{ credentials: { token: string; site: { id: string } } }>(
    '/auth/signin',
    { credentials: { personalAccessTokenName: patName, personalAccessTokenSecret: patSecret, site: { contentUrl: '' } } },
    { headers: { Accept: 'application/json' } },
  );
  authToken = res.data.credentials.token;
  return res.data.credentials.site.id;
}

export async function listUsers(siteId: string): Promise<unknown[]> {
  const res = await http.get<{ users: { user: unknown[] } }>(`/sites/${siteId}/users`, {
    headers: { 'X-Tableau-Auth': authToken, Accept: 'application/json' },
  });
  return res.data.users.user;
}
