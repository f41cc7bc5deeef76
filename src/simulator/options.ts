/** Options of `startSimulator()`: types, defaults and validation (the CLI flags map onto these one to one). */

export type Flavor = 'server' | 'cloud';
export type ExpiredCode = '401000' | '401002';
export type ForeignSiteStatus = 401 | 403;
export type FailBody = 'mixed' | 'html' | 'tableau';
export type SigninRedirect = boolean | 'first' | 'always';

export interface PatCredential {
  name: string;
  secret: string;
  /** When the PAT itself expires (ms since epoch or a Date). After that, sign-in with it gives 401001. */
  expiresAt?: number | Date;
}

export interface UserCredential {
  name: string;
  password: string;
}

export interface RateLimit {
  /** Requests admitted per window. */
  limit: number;
  /** Window length (sliding). */
  windowMs: number;
  /** Send a `Retry-After` header with the 429 (default true; the body detail always says "retry after ..."). */
  retryAfterHeader?: boolean;
}

/** What the simulator knows about a request when it decides on a fault (see `fault`). */
export interface FaultRequest {
  /** 1-based number of this API request since start or the last reset (the same count as `stats().requests`). */
  index: number;
  method: string;
  /** Path without the query string, as sent. */
  path: string;
  /**
   * The matched endpoint with ids generalised, such as `auth/signin`, `sites/:siteId/workbooks`,
   * `sites/:siteId/projects/:id`; undefined when no route matches.
   */
  endpoint: string | undefined;
}

/** A fault for one request, returned by the `fault` option. */
export type Fault =
  /** No fault for this request, even if the random faults would have picked one. */
  | { kind: 'none' }
  /** Reset the connection after reading the request (the client sees a network error). */
  | { kind: 'drop' }
  /** Answer with this status; `body` 'html' (an HTML error page), 'tableau' (a Tableau error body) or 'garbage'. */
  | { kind: 'status'; status: number; body?: 'html' | 'tableau' | 'garbage' }
  /** Answer 200 (or `status`) with a body that is neither XML nor JSON, under an XML or JSON content type. */
  | { kind: 'garbage'; status?: number }
  /** Answer 429 with code 429000 and "retry after" detail; `header: false` omits `Retry-After`. */
  | { kind: 'rateLimit'; retryAfterSeconds: number; header?: boolean }
  /** Wait `ms` before handling the request normally. */
  | { kind: 'delay'; ms: number }
  /**
   * Redirect to `location` (absolute, or a path on this server) with `status` (default 302): for testing how a
   * client follows redirects, such as dropping X-Tableau-Auth on the way to another origin.
   */
  | { kind: 'redirect'; location: string; status?: 301 | 302 | 303 | 307 | 308 };

export interface LogEntry {
  /** ISO time the request arrived. */
  time: string;
  method: string;
  /** Path without the query string (never carries a token or secret). */
  path: string;
  /** HTTP status sent, or null when the connection was reset on purpose (drop fault) or by the client. */
  status: number | null;
  /** Tableau error code of the answer, when it carried one. */
  code?: string;
  durationMs: number;
  /** The injected fault, if any: 'drop', 'status', 'garbage', 'rateLimit', 'delay', 'redirect', or 'latency'. */
  fault?: string;
  /**
   * Why the answer is what it is, in words, for 401/403/3xx answers: "no token", "token expired (idle longer than
   * 300ms)", "session ended by a newer sign-in with the same PAT", "signed out", "unknown PAT name", ...
   * Never contains a token or secret.
   */
  reason?: string;
}

export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** 'server' (default) or 'cloud': Cloud's default TTL is 120 minutes and it requires a non-empty site. */
  flavor?: Flavor;
  /** Idle lifetime of a session; each authenticated call resets it. Default 240 min (server) or 120 min (cloud). */
  tokenTtlMs?: number;
  /** Absolute cap on a session's life from sign-in, whatever the activity. Default: none. */
  tokenMaxAgeMs?: number;
  /** Accepted PATs. With neither `pats` nor `users`, the demo credentials are accepted. */
  pats?: PatCredential[];
  /** Accepted name/password pairs (also the allowed JWT `sub` values when given). */
  users?: UserCredential[];
  /** Site content URLs; `''` is the default site. Default: `['', 'marketing', 'finance']` (cloud: without `''`). */
  sites?: string[];
  /** Code for expired tokens (idle, max age, `expireAll`): '401002' (default) or '401000'. */
  expiredCode?: ExpiredCode;
  /** Status for a token used on another site's URL: 403 (default) or 401. */
  foreignSiteStatus?: ForeignSiteStatus;
  /** Accept the session's own site content URL in `/sites/<id>/` as well as its LUID (default false: LUID only). */
  allowContentUrlInPath?: boolean;
  /**
   * Redirect sign-ins with 301 to the other loopback origin (127.0.0.1 <-> localhost), as Tableau Cloud does for pod
   * hosts. `true`/'first': only the first sign-in (after start or reset); 'always': every sign-in that does not
   * arrive at `localhost`.
   */
  signinRedirect?: SigninRedirect;
  /** Sliding-window rate limit over every API request (sign-in included): excess requests get 429 / 429000. */
  rateLimit?: RateLimit;
  /** Probability (0..1) that a request other than sign-in gets `failStatus`. */
  failRate?: number;
  /** Status of injected failures: 500 (default), 502, 503 or 504. */
  failStatus?: number;
  /** Bodies of injected failures: 'mixed' (default: HTML and Tableau error bodies alternate, HTML first), 'html', 'tableau'. */
  failBody?: FailBody;
  /** Probability (0..1) that a sign-in gets `failStatus` (sign-in is separate from `failRate`). */
  signinFailRate?: number;
  /** Probability (0..1) that a request other than sign-in gets 200 with a body that is neither XML nor JSON. */
  garbageRate?: number;
  /** Delay before every API request is answered. */
  latencyMs?: number;
  /** Probability (0..1) that a request other than sign-in has its connection reset. */
  dropRate?: number;
  /** Seed for the fault dice (a fixed seed replays the same faults for the same request sequence). */
  seed?: number;
  /** Source of randomness for the fault dice, [0, 1) like Math.random; wins over `seed`. */
  random?: () => number;
  /**
   * Decide a fault per request (for tests): return a Fault to force it, `{ kind: 'none' }` to forbid faults, or
   * undefined to let the rate limit and random faults decide.
   */
  fault?: (request: FaultRequest) => Fault | undefined;
  /** Clock in ms since epoch (default Date.now), for tests that move time instead of sleeping. */
  now?: () => number;
  /** Called once per request after it is answered. Default: quiet. */
  log?: (entry: LogEntry) => void;
}

/** Accepted when no `pats` and no `users` are configured. Obviously fake: never use real secrets with the simulator. */
export const DEMO_CREDENTIALS = Object.freeze({
  pat: Object.freeze({ name: 'demo-pat', secret: 'fake-pat-secret:with:colons' }),
  user: Object.freeze({ name: 'demo-user', password: 'fake-password' }),
});

/** The longest `latencyMs` (and `delay` fault): Node's timers cannot wait longer (2^31 - 1 ms, about 24.9 days). */
export const MAX_LATENCY_MS = 2_147_483_647;

export const DEFAULT_TTL_MS: Record<Flavor, number> = { server: 240 * 60_000, cloud: 120 * 60_000 };
export const DEFAULT_SITES: Record<Flavor, string[]> = { server: ['', 'marketing', 'finance'], cloud: ['marketing', 'finance'] };

/** A bad option passed to `startSimulator()`; `option` names it. */
export class SimulatorOptionError extends Error {
  override name = 'SimulatorOptionError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`startSimulator: ${option} ${message}`);
  }
}

export interface ResolvedOptions {
  port: number;
  host: string;
  flavor: Flavor;
  tokenTtlMs: number;
  tokenMaxAgeMs: number | undefined;
  pats: { name: string; secret: string; expiresAt: number | undefined }[];
  users: UserCredential[];
  /** True when the demo credentials are in force. */
  demo: boolean;
  sites: string[];
  expiredCode: ExpiredCode;
  foreignSiteStatus: ForeignSiteStatus;
  allowContentUrlInPath: boolean;
  signinRedirect: 'off' | 'first' | 'always';
  rateLimit: Required<RateLimit> | undefined;
  failRate: number;
  failStatus: number;
  failBody: FailBody;
  signinFailRate: number;
  garbageRate: number;
  latencyMs: number;
  dropRate: number;
  random: () => number;
  fault: ((request: FaultRequest) => Fault | undefined) | undefined;
  now: () => number;
  log: ((entry: LogEntry) => void) | undefined;
}

const KNOWN = new Set([
  'port', 'host', 'flavor', 'tokenTtlMs', 'tokenMaxAgeMs', 'pats', 'users', 'sites', 'expiredCode', 'foreignSiteStatus',
  'allowContentUrlInPath', 'signinRedirect', 'rateLimit', 'failRate', 'failStatus', 'failBody', 'signinFailRate',
  'garbageRate', 'latencyMs', 'dropRate', 'seed', 'random', 'fault', 'now', 'log',
]);

export const FAIL_STATUSES = [500, 502, 503, 504] as const;
/** Content URLs: what Tableau allows in a site URL name. */
const CONTENT_URL = /^[A-Za-z0-9_-]*$/;

export function resolveOptions(input: SimulatorOptions = {}): ResolvedOptions {
  if (input === null || typeof input !== 'object') throw new SimulatorOptionError('options', 'must be an object');
  for (const key of Object.keys(input)) {
    if (!KNOWN.has(key)) throw new SimulatorOptionError(key, `is not a known option`);
  }
  const o = input;
  const flavor = oneOf('flavor', o.flavor, ['server', 'cloud'] as const, 'server');
  const port = integer('port', o.port, 0, 0, 65535);
  const host = o.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.trim() === '') throw new SimulatorOptionError('host', 'must be a non-empty string');

  const tokenTtlMs = positive('tokenTtlMs', o.tokenTtlMs) ?? DEFAULT_TTL_MS[flavor];
  const tokenMaxAgeMs = positive('tokenMaxAgeMs', o.tokenMaxAgeMs);

  const pats = list('pats', o.pats).map((p, i) => {
    const where = `pats[${i}]`;
    if (p === null || typeof p !== 'object') throw new SimulatorOptionError(where, 'must be { name, secret }');
    nonEmpty(`${where}.name`, p.name);
    nonEmpty(`${where}.secret`, p.secret);
    let expiresAt: number | undefined;
    if (p.expiresAt !== undefined) {
      expiresAt = p.expiresAt instanceof Date ? p.expiresAt.getTime() : p.expiresAt;
      if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
        throw new SimulatorOptionError(`${where}.expiresAt`, 'must be a Date or a time in ms since epoch');
      }
    }
    return { name: p.name, secret: p.secret, expiresAt };
  });
  const users = list('users', o.users).map((u, i) => {
    const where = `users[${i}]`;
    if (u === null || typeof u !== 'object') throw new SimulatorOptionError(where, 'must be { name, password }');
    nonEmpty(`${where}.name`, u.name);
    nonEmpty(`${where}.password`, u.password);
    return { name: u.name, password: u.password };
  });
  unique('pats', pats.map((p) => p.name), 'PAT name');
  unique('users', users.map((u) => u.name.toLowerCase()), 'user name');
  const demo = pats.length === 0 && users.length === 0;
  if (demo) {
    pats.push({ ...DEMO_CREDENTIALS.pat, expiresAt: undefined });
    users.push({ ...DEMO_CREDENTIALS.user });
  }

  const sites = o.sites === undefined ? [...DEFAULT_SITES[flavor]] : list('sites', o.sites);
  if (sites.length === 0) throw new SimulatorOptionError('sites', 'must name at least one site');
  sites.forEach((s, i) => {
    if (typeof s !== 'string' || !CONTENT_URL.test(s)) {
      throw new SimulatorOptionError(`sites[${i}]`, `must be a site content URL (letters, digits, "-" and "_"; "" for the default site); got ${JSON.stringify(s)}`);
    }
  });
  unique('sites', sites.map((s) => s.toLowerCase()), 'site');
  if (flavor === 'cloud' && sites.includes('')) {
    throw new SimulatorOptionError('sites', 'cannot include the default site "" with flavor "cloud": Tableau Cloud requires a non-empty site');
  }

  const expiredCode = oneOf('expiredCode', o.expiredCode, ['401002', '401000'] as const, '401002');
  const foreignSiteStatus = oneOf('foreignSiteStatus', o.foreignSiteStatus, [403, 401] as const, 403);
  const allowContentUrlInPath = bool('allowContentUrlInPath', o.allowContentUrlInPath);
  const redirect = o.signinRedirect ?? false;
  if (![true, false, 'first', 'always'].includes(redirect)) {
    throw new SimulatorOptionError('signinRedirect', `must be true, false, 'first' or 'always'; got ${JSON.stringify(redirect)}`);
  }
  const signinRedirect = redirect === false ? 'off' : redirect === 'always' ? 'always' : 'first';

  let rateLimit: Required<RateLimit> | undefined;
  if (o.rateLimit !== undefined) {
    const r = o.rateLimit;
    if (r === null || typeof r !== 'object') throw new SimulatorOptionError('rateLimit', 'must be { limit, windowMs, retryAfterHeader? }');
    rateLimit = {
      limit: integer('rateLimit.limit', r.limit, undefined, 1, Number.MAX_SAFE_INTEGER),
      windowMs: positive('rateLimit.windowMs', r.windowMs) ?? missing('rateLimit.windowMs'),
      retryAfterHeader: r.retryAfterHeader === undefined ? true : bool('rateLimit.retryAfterHeader', r.retryAfterHeader),
    };
  }

  const failStatus = integer('failStatus', o.failStatus, 500, 500, 599);
  if (!(FAIL_STATUSES as readonly number[]).includes(failStatus)) {
    throw new SimulatorOptionError('failStatus', `must be one of ${FAIL_STATUSES.join(', ')}; got ${failStatus}`);
  }
  const failBody = oneOf('failBody', o.failBody, ['mixed', 'html', 'tableau'] as const, 'mixed');

  let random: () => number;
  if (o.random !== undefined) {
    if (typeof o.random !== 'function') throw new SimulatorOptionError('random', 'must be a function returning a number in [0, 1)');
    random = o.random;
  } else if (o.seed !== undefined) {
    random = mulberry32(integer('seed', o.seed, undefined, 0, 2 ** 32 - 1));
  } else {
    random = Math.random;
  }
  const fn = <T>(name: string, value: T | undefined): T | undefined => {
    if (value !== undefined && typeof value !== 'function') throw new SimulatorOptionError(name, 'must be a function');
    return value;
  };

  return {
    port,
    host,
    flavor,
    tokenTtlMs,
    tokenMaxAgeMs,
    pats,
    users,
    demo,
    sites,
    expiredCode,
    foreignSiteStatus,
    allowContentUrlInPath,
    signinRedirect,
    rateLimit,
    failRate: probability('failRate', o.failRate),
    failStatus,
    failBody,
    signinFailRate: probability('signinFailRate', o.signinFailRate),
    garbageRate: probability('garbageRate', o.garbageRate),
    latencyMs: o.latencyMs === undefined ? 0 : timerDelay('latencyMs', o.latencyMs),
    dropRate: probability('dropRate', o.dropRate),
    random,
    fault: fn('fault', o.fault),
    now: fn('now', o.now) ?? Date.now,
    log: fn('log', o.log),
  };
}

/** Small, fast, seedable PRNG (mulberry32): the same seed gives the same sequence on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function missing(name: string): never {
  throw new SimulatorOptionError(name, 'is required');
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function oneOf<const T extends readonly (string | number)[]>(name: string, value: unknown, allowed: T, fallback: T[number]): T[number] {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T[number])) {
    throw new SimulatorOptionError(name, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}; got ${describe(value)}`);
  }
  return value as T[number];
}

function integer(name: string, value: unknown, fallback: number | undefined, min: number, max: number): number {
  if (value === undefined) return fallback ?? missing(name);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SimulatorOptionError(name, `must be a whole number from ${min} to ${max}; got ${describe(value)}`);
  }
  return value;
}

function positive(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SimulatorOptionError(name, `must be a positive number of milliseconds; got ${describe(value)}`);
  }
  return value;
}

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SimulatorOptionError(name, `must be a number of milliseconds, 0 or more; got ${describe(value)}`);
  }
  return value;
}

/** A delay a timer can wait: 0 to MAX_LATENCY_MS (longer ones would fire at once, with a TimeoutOverflowWarning). */
export function isTimerDelay(ms: unknown): ms is number {
  return typeof ms === 'number' && ms >= 0 && ms <= MAX_LATENCY_MS;
}

function timerDelay(name: string, value: unknown): number {
  const ms = nonNegative(name, value);
  if (!isTimerDelay(ms)) {
    throw new SimulatorOptionError(name, `must be at most ${MAX_LATENCY_MS} ms (about 24.9 days, the longest a timer can wait); got ${describe(value)}`);
  }
  return ms;
}

function probability(name: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new SimulatorOptionError(name, `must be a probability from 0 to 1; got ${describe(value)}`);
  }
  return value;
}

function bool(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new SimulatorOptionError(name, `must be true or false; got ${describe(value)}`);
  return value;
}

function list<T>(name: string, value: T[] | undefined): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SimulatorOptionError(name, 'must be an array');
  return [...value];
}

function nonEmpty(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') throw new SimulatorOptionError(name, 'must be a non-empty string');
}

function unique(name: string, values: string[], what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new SimulatorOptionError(name, `lists the ${what} ${JSON.stringify(v)} twice`);
    seen.add(v);
  }
}
