import { useEffect, useState } from 'react';
import { createTableauSession } from './tableau-session.js';

const TABLEAU = process.env.NEXT_PUBLIC_TABLEAU_URL ?? 'https://tableau.example.com';
let cachedToken: string | null = null;
let cachedSite = '';
const tableauSession = createTableauSession({ server: TABLEAU, apiVersion: '3.22' });

async function ensureToken(): Promise<string> {
  if (cachedToken) return cachedToken;
  const res = await tableauSession.fetch(`${TABLEAU}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name: 'viewer', password: process.env.TABLEAU_PASSWORD ?? '' } }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const json = (await res.json()) as { credentials: { token: string; site: { id: string } } };
  cachedSite = json.credentials.site.id;
  return (cachedToken = json.credentials.token);
}

export function ViewList(): JSX.Element {
  const [views, setViews] = useState<string[]>([]);
  useEffect(() => {
    void (async () => {
      const token = await ensureToken();
      const res = await tableauSession.fetch(`${TABLEAU}/api/3.22/sites/${cachedSite}/views`, {
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`views failed: ${res.status}`);
      const json = (await res.json()) as { views: { view: Array<{ name: string }> } };
      setViews(json.views.view.map((v) => v.name));
    })();
  }, []);
  return <ul>{views.map((v) => <li key={v}>{v}</li>)}</ul>;
}
