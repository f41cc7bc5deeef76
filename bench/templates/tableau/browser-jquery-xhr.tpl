// @uses:
// Kiosk page helpers: list __COLL__ and trigger extract refreshes from the browser.
const TABLEAU_API__S__ = '__HOST__/api/__VER__';
const SITE_LUID__S__ = '__LUID__';

async function reSignIn__S__()«: Promise<void>» {
  const res = await fetch(`${TABLEAU_API__S__}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name: 'kiosk', password: 'kiosk-password-fake', site: { contentUrl: 'ops' } } }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  localStorage.setItem('tableauToken', (await res.json()).credentials.token);
}

EXPORT function load__NAME____S__(render«: (items: unknown[]) => void»)«: void» {
  $.ajax({
    url: `${TABLEAU_API__S__}/sites/${SITE_LUID__S__}/__COLL__`,
    headers: { 'X-Tableau-Auth': localStorage.getItem('tableauToken') },
    dataType: 'json',
    success: (data«: any») => render(data.__COLLKEY__.__ITEMKEY__),
  });
}

EXPORT function refreshExtract__S__(workbookId«: string»)«: void» {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `${TABLEAU_API__S__}/sites/${SITE_LUID__S__}/workbooks/${workbookId}/refresh`);
  xhr.setRequestHeader('X-Tableau-Auth', localStorage.getItem('tableauToken') ?? '');
  xhr.setRequestHeader('Content-Type', 'application/xml');
  xhr.onload = () => {
    if (xhr.status !== 202) reSignIn__S__().then(() => refreshExtract__S__(workbookId));
  };
  xhr.send('<tsRequest/>');
}
