import axios from 'axios';
import { createTableauSession, attachToAxios } from './tableau-session.js';

const SERVER = 'https://tableau.example.com';
const session = createTableauSession({ server: SERVER, credentials: () => ({ personalAccessTokenName: 'etl', personalAccessTokenSecret: process.env['PAT'] ?? '' }) });

const api = axios.create({ baseURL: `${SERVER}/api/3.22` });
attachToAxios(api, session);
let token = '';

export async function refreshToken(): Promise<void> {
  await session.signIn();
  token = session.token ?? '';
}

export async function users(siteId: string): Promise<unknown> {
  const res = await api.get(`/sites/${siteId}/users`);
  return res.data;
}
