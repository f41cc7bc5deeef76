/**
 * `settings['tableau-rest']`, shared by every rule and by the codemod. Names are matched against a
 * callee written as an identifier (`tableauGet`) or a member path (`api.get`, `this.api.get`).
 */
import { lastPathName, memberPath, type Node } from './ast.js';

export interface TableauRestSettings {
  /** The project's own HTTP helpers that call Tableau (`'tableauGet'`, or `{ name: 'api.get', throwsOnError: true }`). */
  clients?: Array<string | { name: string; throwsOnError?: boolean }>;
  /** Safe session layers: calls through them manage the token themselves. `createTableauSession` is always one. */
  sessionWrappers?: string[];
  /** Functions that sign in to Tableau again (beyond the ones the recogniser finds by reading the file). */
  signInFunctions?: string[];
}

export interface NormalizedSettings {
  clients: Array<{ name: string; throwsOnError: boolean }>;
  sessionWrappers: string[];
  signInFunctions: string[];
}

export const DEFAULT_SESSION_WRAPPERS = ['createTableauSession'];

export function normalizeSettings(raw: unknown): NormalizedSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as TableauRestSettings;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const clients = Array.isArray(s.clients)
    ? s.clients.flatMap((c) =>
        typeof c === 'string'
          ? [{ name: c, throwsOnError: false }]
          : c && typeof c === 'object' && typeof c.name === 'string'
            ? [{ name: c.name, throwsOnError: c.throwsOnError === true }]
            : [],
      )
    : [];
  return {
    clients,
    sessionWrappers: [...DEFAULT_SESSION_WRAPPERS, ...strings(s.sessionWrappers)],
    signInFunctions: strings(s.signInFunctions),
  };
}

/** True when `path` (`this.api.get`) is `name` or ends with it on a segment boundary (`api.get`). */
export function pathMatches(path: string | undefined, name: string): boolean {
  return path !== undefined && (path === name || path.endsWith(`.${name}`));
}

/**
 * Whether `pathMatches(path, name)` can hold, for one of `names`, for a path whose last name is `last` (see
 * lastPathName): asked first where every call of a file is matched against a list of names, so that most calls
 * never build their dotted path.
 */
export function lastNameMayMatch(last: string, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    // The path ends with `last`: it equals `name` only if `name` ends with `last`, and it ends with `.name` only
    // if `name` ends with `last` or `last` itself ends with `.name` (a key with dots, `a['x.y']`).
    if (name.endsWith(last) || (last.length > name.length && last.endsWith(name) && last[last.length - name.length - 1] === '.')) return true;
  }
  return false;
}

/**
 * The name of `names` that a callee's member path matches (pathMatches), if any; the callee's last name is tested
 * first (lastNameMayMatch), so most callees never build their dotted path.
 */
export function matchingName(callee: Node, names: readonly string[]): string | undefined {
  const last = lastPathName(callee);
  if (last === undefined || !lastNameMayMatch(last, names)) return undefined;
  const path = memberPath(callee);
  return path === undefined ? undefined : names.find((name) => pathMatches(path, name));
}
