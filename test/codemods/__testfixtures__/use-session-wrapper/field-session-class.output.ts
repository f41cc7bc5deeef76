import { createTableauSession } from './tableau-session.js';

// A client whose configuration lives in field initializers: no constructor.
export class MetricsClient {
  private readonly root = process.env['TABLEAU_REST_ROOT'] ?? 'https://tableau.example.com/api/3.22';
  tableauSession = createTableauSession({ server: this.root });
  private token = '';

  async signIn(name: string, password: string): Promise<void> {
    const res = await this.tableauSession.fetch(`${this.root}/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ credentials: { name, password } }),
    });
    if (!res.ok) throw new Error(`sign-in: ${res.status}`);
    this.token = ((await res.json()) as { credentials: { token: string } }).credentials.token;
  }

  async metrics(siteId: string): Promise<unknown> {
    const res = await this.tableauSession.fetch(`${this.root}/sites/${siteId}/metrics`);
    if (!res.ok) throw new Error(`metrics: ${res.status}`);
    return res.json();
  }
}
