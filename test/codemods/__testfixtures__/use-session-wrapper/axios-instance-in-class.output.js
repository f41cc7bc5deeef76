import axios from 'axios';
import { attachToAxios, createTableauSession } from './tableau-session.js';

export class TableauApi {
  constructor(server, pat) {
    this.tableauSession = createTableauSession({ server, apiVersion: '3.19' });
    this.pat = pat;
    this.http = axios.create({ baseURL: `${server}/api/3.19`, headers: { Accept: 'application/json' } });
    attachToAxios(this.http, this.tableauSession);
    this.http.interceptors.request.use((config) => {
      if (this.token) config.headers['X-Tableau-Auth'] = this.token;
      return config;
    });
  }

  async signIn() {
    const { data } = await this.http.post('/auth/signin', { credentials: { ...this.pat, site: { contentUrl: '' } } });
    this.token = data.credentials.token;
    this.siteId = data.credentials.site.id;
  }

  async views() {
    const { data } = await this.http.get(`/sites/${this.siteId}/views`);
    return data.views.view;
  }
}
