// @uses: node-fetch
// A small in-house client: XML sign-in with a user name and password, the token kept on the instance.
EXPORT class TableauClient__S__ {
  «private baseUrl: string;»
  «private username: string;»
  «private password: string;»
  «private site: string;»
  «private token: string | null;»
  «private siteId: string | null;»

  constructor({ server, apiVersion = '__VER__', username, password, site = '' }«: { server: string; apiVersion?: string; username: string; password: string; site?: string }») {
    this.baseUrl = `${server}/api/${apiVersion}`;
    this.username = username;
    this.password = password;
    this.site = site;
    this.token = null;
    this.siteId = null;
  }

  async signIn()«: Promise<void>» {
    const body = `<tsRequest><credentials name="${this.username}" password="${this.password}"><site contentUrl="${this.site}"/></credentials></tsRequest>`;
    const res = await fetch(`${this.baseUrl}/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body,
    });
    const xml = await res.text();
    if (res.status !== 200) throw new Error(`Tableau sign-in failed with HTTP ${res.status}`);
    this.token = /token="([^"]+)"/.exec(xml)«!»[1];
    this.siteId = /<site id="([^"]+)"/.exec(xml)«!»[1];
  }

  async request(path«: string»)«: Promise<any>» {
    const res = await fetch(`${this.baseUrl}/sites/${this.siteId}/${path}`, {
      headers: { 'X-Tableau-Auth': this.token«!», Accept: 'application/json' },
    });
    if (res.status !== 200) throw new Error(`Tableau request ${path} failed with HTTP ${res.status}`);
    return res.json();
  }

  async __NAMELC__()«: Promise<unknown[]>» {
    return (await this.request('__COLL__')).__COLLKEY__.__ITEMKEY__;
  }

  async __NAME2LC__()«: Promise<unknown[]>» {
    return (await this.request('__COLL2__')).__COLL2KEY__.__ITEM2KEY__;
  }
}
