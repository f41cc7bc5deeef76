// @uses: sleep
// Nightly __COLL__ report: signs in with a personal access token, then pages through __COLL__.
const SERVER__S__ = process.env.__ENV__ ?? '__HOST__';
const BASE__S__ = `${SERVER__S__}/api/__VER__`;

let authToken__S__«: string | null» = null;
let siteId__S__ = '';

async function signIn__S__()«: Promise<void>» {
  const res = await fetch(`${BASE__S__}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      credentials: {
        personalAccessTokenName: process.env.TABLEAU_PAT_NAME,
        personalAccessTokenSecret: process.env.TABLEAU_PAT_SECRET,
        site: { contentUrl: process.env.TABLEAU_SITE ?? '' },
      },
    }),
  });
  if (!res.ok) throw new Error(`sign-in failed with HTTP ${res.status}`);
  const body = await res.json();
  authToken__S__ = body.credentials.token;
  siteId__S__ = body.credentials.site.id;
}

async function getPage__S__(path«: string», page«: number»)«: Promise<any>» {
  const res = await fetch(`${BASE__S__}/sites/${siteId__S__}/${path}?pageSize=100&pageNumber=${page}`, {
    headers: { 'X-Tableau-Auth': authToken__S__«!», Accept: 'application/json' },
  });
  return res.json();
}

EXPORT async function report__S__()«: Promise<number>» {
  await signIn__S__();
  let page = 1;
  let total = 0;
  for (;;) {
    const body = await getPage__S__('__COLL__', page);
    const items = body.__COLLKEY__?.__ITEMKEY__ ?? [];
    total += items.length;
    if (items.length < 100) break;
    page += 1;
    await sleep(__PAUSE__);
  }
  console.log(`${total} __COLL__`);
  return total;
}
