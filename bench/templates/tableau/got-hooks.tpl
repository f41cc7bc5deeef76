// @uses: got
// got client with the token in a hook and HTTP errors turned off.
let cachedToken__S__ = process.env.TABLEAU_TOKEN;

EXPORT const tableau__S__ = got.extend({
  prefixUrl: '__HOST__/api/__VER__',
  throwHttpErrors: false,
  responseType: 'json',
  hooks: {
    beforeRequest: [
      (options«: any») => {
        options.headers['x-tableau-auth'] = cachedToken__S__;
      },
    ],
  },
});

EXPORT async function __NAMELC__Of__S__(siteId«: string»)«: Promise<unknown>» {
  const response = await tableau__S__.get(`sites/${siteId}/__COLL__`);
  const body«: any» = response.body;
  return body.__COLLKEY__;
}

EXPORT function setToken__S__(value«: string»)«: void» {
  cachedToken__S__ = value;
}
