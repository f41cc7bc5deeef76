/* global $ */
const API = 'https://tableau.example.com/api/3.19';

export async function signIn(name, password) {
  const res = await fetch(`${API}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name, password, site: { contentUrl: '' } } }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  sessionStorage.setItem('tableauToken', (await res.json()).credentials.token);
}

export function views(siteId, render) {
  $.ajax({
    url: `${API}/sites/${siteId}/views`,
    headers: { 'X-Tableau-Auth': sessionStorage.getItem('tableauToken') },
    success: render,
    error: (xhr) => console.error(xhr.status),
  });
}
