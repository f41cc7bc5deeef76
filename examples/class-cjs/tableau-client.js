'use strict';
// A small in-house client, as many teams wrote one: XML sign-in with a user name and password,
// the token kept on the instance for every later request.
const fetch = require('node-fetch');

class TableauClient {
  constructor({ server, apiVersion = '3.19', username, password, site = '' }) {
    this.baseUrl = `${server}/api/${apiVersion}`;
    this.username = username;
    this.password = password;
    this.site = site;
    this.token = null;
    this.siteId = null;
  }

  async signIn() {
    const body = `<tsRequest><credentials name="${this.username}" password="${this.password}"><site contentUrl="${this.site}"/></credentials></tsRequest>`;
    const res = await fetch(`${this.baseUrl}/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body,
    });
    const xml = await res.text();
    if (res.status !== 200) throw new Error(`Tableau sign-in failed with HTTP ${res.status}`);
    this.token = /token="([^"]+)"/.exec(xml)[1];
    this.siteId = /<site id="([^"]+)"/.exec(xml)[1];
  }

  async request(path) {
    const res = await fetch(`${this.baseUrl}/sites/${this.siteId}/${path}`, {
      headers: { 'X-Tableau-Auth': this.token, Accept: 'application/json' },
    });
    if (res.status !== 200) throw new Error(`Tableau request ${path} failed with HTTP ${res.status}`);
    return res.json();
  }

  async users() {
    return (await this.request('users')).users.user;
  }

  async views() {
    return (await this.request('views')).views.view;
  }
}

module.exports = { TableauClient };
