import { tableauSession as hub } from './support/tableau-hub.mjs';

export async function views(siteId) {
  const res = await hub.fetch(`https://tableau.example.com/api/3.22/sites/${siteId}/views`, {
    headers: { Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`views: ${res.status}`);
  return res.json();
}
