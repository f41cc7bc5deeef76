// @uses:
// Token refreshed on an expiry time (and not on 401).
let token__S__«: string | undefined»;
let expiresAt__S__ = 0;

async function signIn__S__()«: Promise<void>» {
  const res = await fetch(`${process.env.__ENV__}/api/__VER__/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ credentials: { name: process.env.TABLEAU_USER, password: process.env.TABLEAU_PASSWORD, site: { contentUrl: '' } } }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  token__S__ = (await res.json()).credentials.token;
  expiresAt__S__ = Date.now() + 110 * 60 * 1000;
}

EXPORT async function __NAMELC__For__S__(siteId«: string»)«: Promise<any>» {
  if (!token__S__ || Date.now() > expiresAt__S__) await signIn__S__();
  const res = await fetch(`${process.env.__ENV__}/api/__VER__/sites/${siteId}/__COLL__`, { headers: { 'x-tableau-auth': token__S__«!» } });
  return res.ok ? res.json() : null;
}
