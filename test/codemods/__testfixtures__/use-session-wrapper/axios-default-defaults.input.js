import axios from 'axios';

const TABLEAU = 'https://tableau.example.com/api/3.20';

export async function connect(name, secret) {
  const { data } = await axios.post(`${TABLEAU}/auth/signin`, {
    credentials: { personalAccessTokenName: name, personalAccessTokenSecret: secret, site: { contentUrl: 'finance' } },
  }, { headers: { Accept: 'application/json' } });
  axios.defaults.headers.common['X-Tableau-Auth'] = data.credentials.token;
  return data.credentials.site.id;
}

export async function projects(siteId) {
  const { data } = await axios.get(`${TABLEAU}/sites/${siteId}/projects`, { headers: { Accept: 'application/json' } });
  return data.projects.project;
}
