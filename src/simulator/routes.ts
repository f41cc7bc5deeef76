/** The simulator's route table: `/api/<x.y>/...` paths to endpoints, with the methods each accepts. */
import { COLLECTIONS, type Collection } from './resources.js';

export type Endpoint =
  | { name: 'signin' }
  | { name: 'signout' }
  | { name: 'switchSite' }
  | { name: 'sessionsCurrent' }
  | { name: 'serverinfo' }
  | { name: 'site'; siteId: string }
  | { name: 'collection'; siteId: string; collection: Collection }
  | { name: 'item'; siteId: string; collection: Collection; id: string };

export type RouteMatch =
  | { kind: 'ok'; endpoint: Endpoint; label: string; apiVersion: string }
  | { kind: 'methodNotAllowed'; allow: string[]; label: string; apiVersion: string }
  | { kind: 'notFound'; label: undefined; apiVersion: string | undefined };

const API = /^\/api\/(\d+\.\d+)\/(.*)$/;

/**
 * Matches a path (without query). Fixed segments match case-insensitively (`auth/signIn` works, as on Tableau);
 * ids are taken as sent. A trailing slash is tolerated. `label` is the endpoint with ids generalised
 * (`sites/:siteId/projects/:id`), used by the `fault` callback and in logs.
 */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const m = API.exec(pathname);
  if (!m) return { kind: 'notFound', label: undefined, apiVersion: undefined };
  const apiVersion = m[1];
  let segments: string[];
  try {
    segments = m[2].replace(/\/$/, '').split('/').map(decodeURIComponent);
  } catch {
    return { kind: 'notFound', label: undefined, apiVersion };
  }
  if (segments.some((s) => s === '')) return { kind: 'notFound', label: undefined, apiVersion };
  const lower = segments.map((s) => s.toLowerCase());
  const found = lookup(lower, segments);
  if (found === undefined) return { kind: 'notFound', label: undefined, apiVersion };
  const allowed = found.methods.includes('GET') ? [...found.methods, 'HEAD'] : found.methods;
  if (!allowed.includes(method)) return { kind: 'methodNotAllowed', allow: found.methods, label: found.label, apiVersion };
  return { kind: 'ok', endpoint: found.endpoint, label: found.label, apiVersion };
}

function lookup(lower: string[], raw: string[]): { endpoint: Endpoint; methods: string[]; label: string } | undefined {
  const path = lower.join('/');
  switch (path) {
    case 'auth/signin':
      return { endpoint: { name: 'signin' }, methods: ['POST'], label: 'auth/signin' };
    case 'auth/signout':
      return { endpoint: { name: 'signout' }, methods: ['POST'], label: 'auth/signout' };
    case 'auth/switchsite':
      return { endpoint: { name: 'switchSite' }, methods: ['POST'], label: 'auth/switchSite' };
    case 'sessions/current':
      return { endpoint: { name: 'sessionsCurrent' }, methods: ['GET'], label: 'sessions/current' };
    case 'serverinfo':
      return { endpoint: { name: 'serverinfo' }, methods: ['GET'], label: 'serverinfo' };
  }
  if (lower[0] !== 'sites' || lower.length < 2 || lower.length > 4) return undefined;
  const siteId = raw[1];
  if (lower.length === 2) return { endpoint: { name: 'site', siteId }, methods: ['GET'], label: 'sites/:siteId' };
  const collection = lower[2] as Collection;
  if (!Object.prototype.hasOwnProperty.call(COLLECTIONS, collection)) return undefined;
  if (lower.length === 3) {
    return {
      endpoint: { name: 'collection', siteId, collection },
      methods: collection === 'projects' ? ['GET', 'POST'] : ['GET'],
      label: `sites/:siteId/${collection}`,
    };
  }
  return { endpoint: { name: 'item', siteId, collection, id: raw[3] }, methods: ['GET'], label: `sites/:siteId/${collection}/:id` };
}
