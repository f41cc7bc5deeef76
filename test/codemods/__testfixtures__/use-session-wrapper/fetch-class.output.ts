import { createTableauSession, type TableauSession } from './tableau-session.js';

interface SignInAnswer {
  credentials: { token: string; site: { id: string } };
}

/** Talks to one Tableau site with a personal access token. */
export class TableauSite {
  private token = '';
  private siteId = '';
  private readonly base: string;
  private readonly tableauSession: TableauSession;

  constructor(
    server: string,
    private readonly patName: string,
    private readonly patSecret: string,
  ) {
    this.tableauSession = createTableauSession({ server, apiVersion: '3.22' });
    this.base = `${server}/api/3.22`;
  }

  async signIn(): Promise<void> {
    const res = await this.tableauSession.fetch(`${this.base}/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        credentials: { personalAccessTokenName: this.patName, personalAccessTokenSecret: this.patSecret, site: { contentUrl: '' } },
      }),
    });
    if (!res.ok) throw new Error(`sign-in: HTTP ${res.status}`);
    const answer = (await res.json()) as SignInAnswer;
    this.token = answer.credentials.token;
    this.siteId = answer.credentials.site.id;
  }

  async workbooks(): Promise<unknown> {
    const res = await this.tableauSession.fetch(`${this.base}/sites/${this.siteId}/workbooks`, {
      headers: { Accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`workbooks: HTTP ${res.status}`);
    return res.json();
  }
}
