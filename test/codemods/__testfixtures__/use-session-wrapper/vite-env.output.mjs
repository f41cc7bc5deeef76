import { createTableauSession } from './tableau-session.js';
const tableauSession = createTableauSession({ server: import.meta.env.VITE_TABLEAU_SERVER, apiVersion: '3.22' });

// A Vite page script: signs in when the module loads and lists the site's workbooks. Vite replaces each
// import.meta.env.VITE_* read with its value at build time.
const signIn = await tableauSession.fetch(`${import.meta.env.VITE_TABLEAU_SERVER}/api/3.22/auth/signin`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  body: JSON.stringify({ credentials: { personalAccessTokenName: import.meta.env.VITE_TABLEAU_PAT_NAME, personalAccessTokenSecret: import.meta.env.VITE_TABLEAU_PAT_SECRET, site: { contentUrl: '' } } }),
});
if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
const { credentials } = await signIn.json();

const res = await tableauSession.fetch(`${import.meta.env.VITE_TABLEAU_SERVER}/api/3.22/sites/${credentials.site.id}/workbooks`, {
  headers: { Accept: 'application/json' },
});
if (!res.ok) throw new Error(`workbooks failed: ${res.status}`);
document.querySelector('#workbooks').textContent = (await res.json()).workbooks.workbook.map((w) => w.name).join('\n');
