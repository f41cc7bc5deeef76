import React from 'react';

const API = 'https://tableau.example.com/api/3.20';
let token = null;

export async function login(name, password) {
  const res = await window.fetch(`${API}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name, password } }),
  });
  if (!res.ok) throw new Error('login failed');
  token = (await res.json()).credentials.token;
}

export function ReportLink({ siteId, viewId }) {
  const open = async () => {
    const res = await window.fetch(`${API}/sites/${siteId}/views/${viewId}/image`, { headers: { 'X-Tableau-Auth': token } });
    if (!res.ok) return alert(`HTTP ${res.status}`);
    window.open(URL.createObjectURL(await res.blob()));
  };
  return <button onClick={open}>Open</button>;
}
