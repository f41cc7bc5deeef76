'use strict';

const axios = require('axios');
const { attachToAxios, createTableauSession } = require('./tableau-session.js');
const tableauSession = createTableauSession({
  server: process.env.TABLEAU_HOST ?? 'https://bi.example.org',
  apiVersion: '3.9',
});

// The server is written inline in the instance's baseURL.
const api = axios.create({
  baseURL: `${process.env.TABLEAU_HOST ?? 'https://bi.example.org'}/api/3.9`,
  headers: { Accept: 'application/json' },
});
attachToAxios(api, tableauSession);

async function signIn() {
  const { data } = await api.post('/auth/signin', {
    credentials: { personalAccessTokenName: process.env.TABLEAU_PAT_NAME, personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET },
  });
  api.defaults.headers.common['X-Tableau-Auth'] = data.credentials.token;
  return data.credentials.site.id;
}

async function listProjects(siteId) {
  const { data } = await api.get(`/sites/${siteId}/projects`, { params: { pageSize: 1000 } });
  return data.projects.project;
}

module.exports = { signIn, listProjects };
