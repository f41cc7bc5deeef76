import type { Expression } from './ast.js';
import { flatten, type StringPart } from './values.js';

export type Endpoint = 'signin' | 'signout' | 'switchSite' | 'resource';

/** The site segment of `/sites/{site}/`: literal text, one expression, or a mix. */
export interface SiteSegment {
  parts: StringPart[];
  /** The segment is exactly one expression (`${siteId}`). */
  expression?: Expression;
  /** The segment is plain text (a LUID or content URL written into the code). */
  text?: string;
}

export interface TableauUrlShape {
  endpoint: Endpoint;
  /** `3.17`, `-`, or undefined when the version is computed. */
  version?: string;
  site?: SiteSegment;
}

// Top-level REST resources directly under /api/<version>/ (not under /sites/<id>/).
const TOP_LEVEL = '(?:auth(?:/|$)|sites(?:/|$|\\?)|sessions(?:/|$)|serverinfo(?:/|$|\\?)|schedules(?:/|$|\\?)|settings(?:/|$)|webhooks(?:/|$))';
const HOLE = '\u0000';
// /api/3.17/<top-level>, /api/${v}/<top-level>, /api/-/<anything> (Pulse), /api/metadata/graphql.
const ABSOLUTE = new RegExp(`/api/(?:(\\d+\\.\\d+|${HOLE})/(?=${TOP_LEVEL})|(-)/|metadata/graphql)`, 'i');
const RELATIVE = new RegExp(`^/?(?=${TOP_LEVEL})`, 'i');
const TABLEAU_BASE = new RegExp(`/api/(\\d+\\.\\d+|${HOLE}|-)/?$`, 'i');

/**
 * A path right under the REST root (`/auth/signin`, `/sites/${id}/views`, `/serverinfo`): what follows
 * `/api/<version>` in a Tableau URL. `\u0000` stands for an expression in the path. The codemod asks this of the
 * text after a base URL expression; the rules ask it (through `matchTableauUrl`) of relative client URLs.
 */
export function isRestPath(text: string): boolean {
  return text.startsWith('/') && RELATIVE.test(text);
}

/**
 * Recognises the Tableau REST shape in a URL built from text and holes. `relative` accepts paths
 * such as `/sites/${id}/views` that a client resolves against a base URL already known to be Tableau.
 */
export function matchTableauUrl(parts: readonly StringPart[], relative = false): TableauUrlShape | undefined {
  const text = flatten(parts);
  let restStart: number;
  let version: string | undefined;
  const absolute = ABSOLUTE.exec(text);
  if (absolute) {
    restStart = absolute.index + absolute[0].length;
    version = absolute[2] ?? (absolute[1] === HOLE ? undefined : absolute[1]);
    if (!absolute[1] && !absolute[2]) return { endpoint: 'resource' }; // metadata/graphql
  } else if (relative && RELATIVE.test(text)) {
    restStart = text.startsWith('/') ? 1 : 0;
  } else {
    return undefined;
  }
  // Only the start of the rest decides the endpoint ('auth/switchsite' is the longest): no copy of a long URL's tail.
  const lower = text.slice(restStart, restStart + 15).toLowerCase();
  const endpoint: Endpoint = lower.startsWith('auth/signin')
    ? 'signin'
    : lower.startsWith('auth/signout')
      ? 'signout'
      : lower.startsWith('auth/switchsite')
        ? 'switchSite'
        : 'resource';
  return { endpoint, version, site: siteSegment(parts, text, restStart) };
}

// Resources that only Tableau's REST API has under /sites/{id}/: enough to recognise a relative path
// on a client whose base URL the code does not show (an axios instance known only by its type).
const SITE_RESOURCE = /^\/?sites\/[^/?#]+\/(workbooks|views|datasources|projects|groups|users|jobs|flows|tasks|subscriptions|favorites|dataAlerts|metrics|webhooks|labels|collections|virtualconnections|databases|tables|schedules|flowruns|dataQualityWarnings)\b/i;

export function matchTableauResourcePath(parts: readonly StringPart[]): TableauUrlShape | undefined {
  return SITE_RESOURCE.test(flatten(parts)) ? matchTableauUrl(parts, true) : undefined;
}

/** A base URL that ends at the REST root (`https://host/api/3.19`), to which clients append relative paths. */
export function isTableauBase(parts: readonly StringPart[]): boolean {
  return TABLEAU_BASE.test(flatten(parts));
}

function siteSegment(parts: readonly StringPart[], text: string, restStart: number): SiteSegment | undefined {
  const match = /^sites\/([^/?#]+)/i.exec(text.slice(restStart));
  if (!match) return undefined;
  const from = restStart + match[0].length - match[1].length;
  const to = from + match[1].length;
  const segment: StringPart[] = [];
  let pos = 0;
  for (const part of parts) {
    const len = typeof part === 'string' ? part.length : 1;
    const start = Math.max(pos, from);
    const end = Math.min(pos + len, to);
    if (start < end) segment.push(typeof part === 'string' ? part.slice(start - pos, end - pos) : part);
    pos += len;
  }
  if (segment.length === 1 && typeof segment[0] !== 'string') return { parts: segment, expression: segment[0].hole };
  if (segment.every((p) => typeof p === 'string')) return { parts: segment, text: segment.join('') };
  return { parts: segment };
}
