// @uses: axios
// __COLL__ inventory over axios: the token is put on the instance defaults at sign-in.
EXPORT const api__S__ = axios.create({
  baseURL: `${process.env.__ENV__ ?? '__HOST__'}/api/__VER__`,
  headers: { Accept: 'application/json' },
  timeout: 30000,
});

EXPORT async function signIn__S__()«: Promise<string>» {
  const { data } = await api__S__.post('/auth/signin', {
    credentials: {
      personalAccessTokenName: process.env.TABLEAU_PAT_NAME,
      personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET,
      site: { contentUrl: process.env.TABLEAU_SITE ?? '' },
    },
  });
  api__S__.defaults.headers.common['X-Tableau-Auth'] = data.credentials.token;
  return data.credentials.site.id;
}

EXPORT async function list__NAME____S__(siteId«: string»)«: Promise<unknown[]>» {
  const { data } = await api__S__.get(`/sites/${siteId}/__COLL__`, { params: { pageSize: 1000 } });
  return data.__COLLKEY__.__ITEMKEY__;
}

EXPORT async function safeList__NAME____S__(siteId«: string»)«: Promise<unknown[]>» {
  try {
    const { data } = await api__S__.get(`/sites/${siteId}/__COLL2__`);
    return data.__COLL2KEY__.__ITEM2KEY__;
  } catch (err«: any») {
    console.warn(`could not list __COLL2__: ${err.message}`);
    return [];
  }
}
