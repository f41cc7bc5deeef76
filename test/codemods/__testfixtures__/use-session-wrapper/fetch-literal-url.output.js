// Cron job: refreshes one extract every night.
const { createTableauSession } = require('./tableau-session.js');
const tableauSession = createTableauSession({ server: 'https://tableau.example.com', apiVersion: '3.19' });

async function refresh() {
  const signIn = await tableauSession.fetch('https://tableau.example.com/api/3.19/auth/signin', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: process.env.PAT_NAME, personalAccessTokenSecret: process.env.PAT_SECRET } }),
  });
  if (!signIn.ok) throw new Error('sign-in failed');
  const { credentials } = await signIn.json();
  const res = await tableauSession.fetch(`https://tableau.example.com/api/3.19/sites/${credentials.site.id}/datasources/${process.env.DATASOURCE_ID}/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`refresh failed: ${res.status}`);
}

module.exports = { refresh };
