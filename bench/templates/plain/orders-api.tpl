// @uses:
// Client for the internal orders service (not Tableau: Bearer auth on /api/v2).
const ORDERS_BASE__S__ = process.env.ORDERS_URL ?? 'https://orders.internal.example.com/api/v2';

EXPORT async function listOrders__S__(customerId«: string», apiKey«: string»)«: Promise<unknown[]>» {
  const res = await fetch(`${ORDERS_BASE__S__}/customers/${customerId}/orders?limit=__N__`, {
    headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`orders: HTTP ${res.status}`);
  const body = await res.json();
  return body.items;
}

EXPORT async function createOrder__S__(order«: Record<string, unknown>», apiKey«: string»)«: Promise<string>» {
  const res = await fetch(`${ORDERS_BASE__S__}/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(order),
  });
  if (res.status === 409) return 'duplicate';
  if (!res.ok) throw new Error(`create order: HTTP ${res.status}`);
  return (await res.json()).id;
}
