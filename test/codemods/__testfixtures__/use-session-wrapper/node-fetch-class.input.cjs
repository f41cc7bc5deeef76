'use strict';
// In-house client: XML sign-in with a name and password, the token kept on the instance.
const fetch = require('node-fetch');

class TableauClient {
  constructor({ server, apiVersion = '3.19', username, password }) {
    this.baseUrl = `${server}/api/${apiVersion}`;
    this.username = username;
    this.password = password;
    this.token = null;
    this.siteId = null;
  }

  async signIn() {
    const body = `<tsRequest><credentials name="${this.username}" password="${this.password}"><site contentUrl=""/></credentials></tsRequest>`;
    const res = await fetch(`${this.baseUrl}/auth/signin`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body });
    const xml = await res.text();
    if (res.status !== 200) throw new Error(`sign-in failed with HTTP ${res.status}`);
    this.token = /token="([^"]+)"/.exec(xml)[1];
    this.siteId = /<site id="([^"]+)"/.exec(xml)[1];
  }

  async download(workbookId) {
    const res = await fetch(`${this.baseUrl}/sites/${this.siteId}/workbooks/${workbookId}/content`, {
      headers: { 'x-tableau-auth': this.token },
    });
    if (!res.ok) throw new Error(`download failed with HTTP ${res.status}`);
    return res.buffer();
  }
}

module.exports = { TableauClient };
