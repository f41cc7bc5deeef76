'use strict';
// Saved on Windows: CRLF line endings and a byte-order mark.
const fetch = require('node-fetch');
const { createTableauSession } = require('./tableau-session.js');

const BASE = process.env.TABLEAU_BASE || 'https://tableau.example.com/api/3.19';
const state = { token: null, siteId: null };
const tableauSession = createTableauSession({ server: BASE, fetch });

async function signIn() {
  const res = await tableauSession.fetch(BASE + '/auth/signin', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: process.env.PAT_NAME, personalAccessTokenSecret: process.env.PAT_SECRET } }),
  });
  if (!res.ok) throw new Error('sign-in failed: ' + res.status);
  const json = await res.json();
  state.token = json.credentials.token;
  state.siteId = json.credentials.site.id;
}

async function schedules() {
  const res = await tableauSession.fetch(BASE + '/schedules', { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error('schedules failed: ' + res.status);
  return (await res.json()).schedules.schedule;
}

module.exports = { signIn, schedules };
