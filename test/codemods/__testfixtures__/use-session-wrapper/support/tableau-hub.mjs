// Not a fixture case: a module that other fixtures import, which already exports its session.
import { createTableauSession } from '../tableau-session.js';

export const tableauSession = createTableauSession({
  server: process.env.TABLEAU_SERVER ?? 'https://tableau.example.com',
  credentials: () => ({ personalAccessTokenName: 'hub', personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET ?? '' }),
});

export async function signIn() {
  await tableauSession.signIn();
  return tableauSession.token;
}
