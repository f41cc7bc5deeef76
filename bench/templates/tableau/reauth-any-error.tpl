// @uses: axios
// Response interceptor that signs in again on every error (400s and 500s included).
const client__S__ = axios.create({ baseURL: '__HOST__/api/__VER__' });
let siteId__S__ = '';

async function login__S__()«: Promise<void>» {
  const { data } = await client__S__.post('/auth/signin', { credentials: { name: process.env.TABLEAU_USER, password: process.env.TABLEAU_PASSWORD, site: { contentUrl: 'marketing' } } });
  client__S__.defaults.headers.common['X-Tableau-Auth'] = data.credentials.token;
  siteId__S__ = data.credentials.site.id;
}

client__S__.interceptors.response.use(
  (response) => response,
  async (error) => {
    await login__S__();
    return client__S__.request(error.config);
  },
);

EXPORT async function update__NAME____S__(id«: string», patch«: Record<string, unknown>»)«: Promise<unknown>» {
  const { data } = await client__S__.put(`/sites/${siteId__S__}/__COLL__/${id}`, patch);
  return data;
}
