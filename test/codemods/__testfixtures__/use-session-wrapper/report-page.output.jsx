import React from 'react';
import { createTableauSession } from './tableau-session.js';

const API = 'https://tableau.example.com/api/3.20';
let token = null;
const tableauSession = createTableauSession({ server: API });

export async function login(name, password) {
  const res = await tableauSession.fetch(`${API}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name, password } }),
  });
  if (!res.ok) throw new Error('login failed');
  token = (await res.json()).credentials.token;
}

export function ReportLink({ siteId, viewId }) {
  const open = async () => {
    const res = await tableauSession.fetch(`${API}/sites/${siteId}/views/${viewId}/image`);
    if (!res.ok) return alert(`HTTP ${res.status}`);
    window.open(URL.createObjectURL(await res.blob()));
  };
  return <button onClick={open}>Open</button>;
}
