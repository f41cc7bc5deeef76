// `this` inside a plain function callback is not the client: the codemod cannot reach a per-instance session there.
export class Poller {
  constructor(server) {
    this.base = `${server}/api/3.19`;
    this.token = null;
  }

  async signIn(credentials) {
    const res = await fetch(`${this.base}/auth/signin`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ credentials }) });
    this.token = (await res.json()).credentials.token;
  }

  watch(siteId, jobId, done) {
    const self = this;
    setInterval(async function () {
      const res = await fetch(`${self.base}/sites/${siteId}/jobs/${jobId}`, { headers: { 'X-Tableau-Auth': self.token } });
      if (res.ok) done(await res.json());
    }, 5000);
  }
}
