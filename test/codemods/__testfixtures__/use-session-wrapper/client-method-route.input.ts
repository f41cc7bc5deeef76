// One client for the module, signed in from a route handler with the credentials of each request.
const SERVER = 'https://tableau.example.com';
export class Client {
  private token = '';
  async signIn(user: string, password: string): Promise<void> {
    const res = await fetch(`${SERVER}/api/3.22/auth/signin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ credentials: { name: user, password } }) });
    this.token = ((await res.json()) as { credentials: { token: string } }).credentials.token;
  }
  async users(site: string): Promise<unknown> {
    const res = await fetch(`${SERVER}/api/3.22/sites/${site}/users`, { headers: { 'X-Tableau-Auth': this.token } });
    return res.json();
  }
}
const client = new Client();
declare const app: { post(path: string, fn: (req: { body: { u: string; p: string } }) => Promise<void>): void };
app.post('/login', (req) => client.signIn(req.body.u, req.body.p));
