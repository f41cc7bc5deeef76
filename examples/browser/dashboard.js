/* global $ */
// A kiosk page that lists views and triggers extract refreshes from the browser (not run by the demo:
// it shows the shapes the codemod reports rather than rewrites).
const TABLEAU_API = 'https://tableau.example.com/api/3.19';
const SITE_LUID = 'a1b2c3d4-0000-4000-8000-00000000fake';

async function reSignIn() {
  const res = await fetch(`${TABLEAU_API}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name: 'kiosk', password: 'kiosk-password-fake', site: { contentUrl: 'ops' } } }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  localStorage.setItem('tableauToken', (await res.json()).credentials.token);
}

export function loadViews(render) {
  $.ajax({
    url: `${TABLEAU_API}/sites/${SITE_LUID}/views`,
    headers: { 'X-Tableau-Auth': localStorage.getItem('tableauToken') },
    dataType: 'json',
    success: (data) => render(data.views.view),
  });
}

export function refreshExtract(workbookId) {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `${TABLEAU_API}/sites/${SITE_LUID}/workbooks/${workbookId}/refresh`);
  xhr.setRequestHeader('X-Tableau-Auth', localStorage.getItem('tableauToken'));
  xhr.setRequestHeader('Content-Type', 'application/xml');
  xhr.onload = () => {
    if (xhr.status !== 202) reSignIn().then(() => refreshExtract(workbookId));
  };
  xhr.send('<tsRequest/>');
}
