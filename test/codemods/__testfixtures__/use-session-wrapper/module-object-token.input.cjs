// A module object caches the token; calls use globalThis.fetch.
const config = require('./config.json');

const cache = { token: null, site: null };

async function authenticate() {
  const res = await globalThis.fetch(`${config.tableauUrl}/api/3.19/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: config.patName, personalAccessTokenSecret: config.patSecret } }),
  });
  if (!res.ok) throw new Error(`authenticate: ${res.status}`);
  const { credentials } = await res.json();
  cache.token = credentials.token;
  cache.site = credentials.site.id;
}

async function datasources() {
  if (!cache.token) await authenticate();
  const res = await globalThis.fetch(`${config.tableauUrl}/api/3.19/sites/${cache.site}/datasources`, {
    headers: { Accept: 'application/json', 'X-Tableau-Auth': cache.token },
  });
  if (!res.ok) throw new Error(`datasources: ${res.status}`);
  return (await res.json()).datasources.datasource;
}

module.exports = { authenticate, datasources };
