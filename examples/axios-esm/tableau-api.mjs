// Group and data source inventory over axios: the token is put on the instance defaults at sign-in.
import axios from 'axios';

const SERVER = process.env.TABLEAU_SERVER ?? 'https://tableau.example.com';

export const api = axios.create({
  baseURL: `${SERVER}/api/3.19`,
  headers: { Accept: 'application/json' },
});

export async function signIn() {
  const { data } = await api.post('/auth/signin', {
    credentials: {
      personalAccessTokenName: process.env.TABLEAU_PAT_NAME,
      personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET,
      site: { contentUrl: process.env.TABLEAU_SITE ?? '' },
    },
  });
  api.defaults.headers.common['X-Tableau-Auth'] = data.credentials.token;
  return data.credentials.site.id;
}

export async function groups(siteId) {
  const { data } = await api.get(`/sites/${siteId}/groups`);
  return data.groups.group;
}

export async function datasources(siteId) {
  try {
    const { data } = await api.get(`/sites/${siteId}/datasources`);
    return data.datasources.datasource;
  } catch (err) {
    console.warn(`could not list data sources: ${err.message}`);
    return [];
  }
}
