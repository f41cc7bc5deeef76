import { tableauSession as hub } from './support/tableau-hub.mjs';

export async function views(siteId) {
  const res = await fetch(`https://tableau.example.com/api/3.22/sites/${siteId}/views`, {
    headers: { 'X-Tableau-Auth': hub.token, Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`views: ${res.status}`);
  return res.json();
}
