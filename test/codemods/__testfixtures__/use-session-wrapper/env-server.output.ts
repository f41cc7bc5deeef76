import { createTableauSession } from './tableau-session.js';

// The server comes from the environment with no default: TypeScript sees string | undefined.
const SERVER = process.env.TABLEAU_SERVER;
let token: string | null = null;
const tableauSession = createTableauSession({ server: SERVER ?? '', apiVersion: '3.22' });

export async function signIn(patName: string, patSecret: string): Promise<void> {
  const res = await tableauSession.fetch(`${SERVER}/api/3.22/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: patName, personalAccessTokenSecret: patSecret } }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  token = ((await res.json()) as { credentials: { token: string } }).credentials.token;
}

export async function sessionInfo(): Promise<unknown> {
  const res = await tableauSession.fetch(`${SERVER}/api/3.22/sessions/current`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`session: ${res.status}`);
  return res.json();
}
