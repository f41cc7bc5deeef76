import axios from 'axios';
import { attachToAxios, createTableauSession } from './tableau-session.js';

const SERVER = process.env.TABLEAU_SERVER ?? 'https://tableau.example.com';
const tableauSession = createTableauSession({ server: SERVER, apiVersion: '3.19' });

export const api = axios.create({
  baseURL: `${SERVER}/api/3.19`,
  headers: { Accept: 'application/json' },
});
attachToAxios(api, tableauSession);

api.interceptors.response.use((response) => response, (error) => {
  console.error(`Tableau: ${error.message}`);
  return Promise.reject(error);
});

export async function signIn() {
  const { data } = await api.post('/auth/signin', {
    credentials: {
      personalAccessTokenName: process.env.TABLEAU_PAT_NAME,
      personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET,
      site: { contentUrl: '' },
    },
  });
  api.defaults.headers.common['X-Tableau-Auth'] = data.credentials.token;
  return data.credentials.site.id;
}

export async function groups(siteId) {
  const { data } = await api.get(`/sites/${siteId}/groups`);
  return data.groups.group;
}
