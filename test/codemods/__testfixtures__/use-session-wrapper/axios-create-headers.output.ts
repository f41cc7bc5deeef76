import axios from 'axios';
import { attachToAxios, createTableauSession } from './tableau-session.js';

const TABLEAU_URL: string = process.env.TABLEAU_URL ?? 'https://tableau.example.com';
const tableauSession = createTableauSession({ server: TABLEAU_URL, apiVersion: '3.22' });

const http = axios.create({ baseURL: `${TABLEAU_URL}/api/3.22` });
attachToAxios(http, tableauSession);

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
    headers: { Accept: 'application/json' },
  });
  return res.data.users.user;
}
