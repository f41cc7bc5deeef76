// Cron job: refreshes one extract every night.

async function refresh() {
  const signIn = await fetch('https://tableau.example.com/api/3.19/auth/signin', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: process.env.PAT_NAME, personalAccessTokenSecret: process.env.PAT_SECRET } }),
  });
  if (!signIn.ok) throw new Error('sign-in failed');
  const { credentials } = await signIn.json();
  const res = await fetch(`https://tableau.example.com/api/3.19/sites/${credentials.site.id}/datasources/${process.env.DATASOURCE_ID}/refresh`, {
    method: 'POST',
    headers: { 'X-Tableau-Auth': credentials.token, 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`refresh failed: ${res.status}`);
}

module.exports = { refresh };
