// @uses: wrapper
// Already migrated: calls go through the generated session wrapper.
const session__S__ = createTableauSession({
  server: process.env.__ENV__ ?? '__HOST__',
  apiVersion: '__VER__',
  credentials: () => ({
    personalAccessTokenName: process.env.TABLEAU_PAT_NAME ?? '',
    personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET ?? '',
    site: { contentUrl: process.env.TABLEAU_SITE ?? '' },
  }),
});

EXPORT async function fetch__NAME____S__()«: Promise<unknown[]>» {
  await session__S__.signIn();
  const res = await session__S__.fetch(`${session__S__.server}/api/__VER__/sites/${session__S__.siteId}/__COLL__`, {
    headers: { Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`__COLL__: HTTP ${res.status}`);
  const body = await res.json();
  return body.__COLLKEY__.__ITEMKEY__;
}
