import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * A LUID (UUID-shaped id) derived from a name, so seeded sites, users and content keep the same ids across restarts:
 * a script configured with a site id keeps working when the simulator is restarted.
 */
export function stableLuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Shape it like a version-4 UUID (Tableau's LUIDs are random UUIDs).
  const variant = ((Number.parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function randomLuid(): string {
  return randomUUID();
}

/**
 * A fresh session token, shaped like Tableau's (`<22 chars>|<32 chars>|<site luid>`): opaque, unguessable (about 300
 * random bits), and with the `|` characters real tokens have, so cookie and header handling is exercised honestly.
 */
export function newToken(siteLuid: string): string {
  return `${randomBytes(16).toString('base64url')}|${randomBytes(24).toString('base64url')}|${siteLuid}`;
}
