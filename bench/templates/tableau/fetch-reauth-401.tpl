// @uses:
// Module token with a re-sign-in on 401: the shape the rules accept.
let token__S__«: string | undefined»;

async function signIn__S__()«: Promise<void>» {
  const res = await fetch('__HOST__/api/__VER__/auth/signin', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { personalAccessTokenName: process.env.PAT_NAME, personalAccessTokenSecret: process.env.PAT_SECRET, site: { contentUrl: '' } } }),
  });
  if (!res.ok) throw new Error(`sign-in: HTTP ${res.status}`);
  token__S__ = (await res.json()).credentials.token;
}

EXPORT async function tableauGet__S__(path«: string», retried = false)«: Promise<any>» {
  if (!token__S__) await signIn__S__();
  const res = await fetch('__HOST__/api/__VER__/' + path, { headers: { 'X-Tableau-Auth': token__S__«!», Accept: 'application/json' } });
  if (res.status === 401 && !retried) {
    await signIn__S__();
    return tableauGet__S__(path, true);
  }
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

EXPORT async function count__NAME____S__(siteId«: string»)«: Promise<number>» {
  const body = await tableauGet__S__(`sites/${siteId}/__COLL__?pageSize=1`);
  return Number(body.pagination.totalAvailable);
}
