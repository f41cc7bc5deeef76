import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

export const API = '/api/3.22';
export const DEMO_PAT = { name: 'demo-pat', secret: 'fake-pat-secret:with:colons' };
export const DEMO_USER = { name: 'demo-user', password: 'fake-password' };

/** Simulators started by a test file; `afterEach` closes them so no server outlives its test. */
const started: Simulator[] = [];

export async function sim(options: SimulatorOptions = {}): Promise<Simulator> {
  const s = await startSimulator(options);
  started.push(s);
  return s;
}

export async function closeAll(): Promise<void> {
  await Promise.all(started.splice(0).map((s) => s.close()));
}

/** A clock the test moves by hand (the `now` option), so expiry is exact and nothing sleeps. */
export function manualClock(start = Date.UTC(2025, 0, 1)) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** The value of `attr` on the first `<element ...>` in an XML string (test-side, independent of the simulator's parser). */
export function xmlAttr(xml: string, element: string, attr: string): string | undefined {
  const tag = new RegExp(`<${element}\\b([^>]*)>`).exec(xml);
  if (!tag) return undefined;
  const value = new RegExp(`\\s${attr}="([^"]*)"`).exec(tag[1]);
  return value?.[1].replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function xmlErrorCode(xml: string): string | undefined {
  return xmlAttr(xml, 'error', 'code');
}

export interface Credentials {
  token: string;
  siteId: string;
  contentUrl: string;
  userId: string;
  estimatedTimeToExpiration?: string;
}

export function patXml(name: string, secret: string, contentUrl = ''): string {
  return `<tsRequest><credentials personalAccessTokenName="${name}" personalAccessTokenSecret="${secret}"><site contentUrl="${contentUrl}"/></credentials></tsRequest>`;
}

export function passwordJson(name: string, password: string, contentUrl = ''): string {
  return JSON.stringify({ credentials: { name, password, site: { contentUrl } } });
}

/** Signs in with a JSON body and a JSON answer; throws unless 200. */
export async function signInJson(url: string, credentials: Record<string, unknown>, contentUrl = ''): Promise<Credentials> {
  const res = await fetch(`${url}${API}/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ credentials: { ...credentials, site: { contentUrl } } }),
  });
  const body = (await res.json()) as { credentials: { token: string; site: { id: string; contentUrl: string }; user: { id: string }; estimatedTimeToExpiration?: string } };
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${JSON.stringify(body)}`);
  const c = body.credentials;
  return { token: c.token, siteId: c.site.id, contentUrl: c.site.contentUrl, userId: c.user.id, estimatedTimeToExpiration: c.estimatedTimeToExpiration };
}

export const signInPat = (url: string, pat = DEMO_PAT, contentUrl = '') =>
  signInJson(url, { personalAccessTokenName: pat.name, personalAccessTokenSecret: pat.secret }, contentUrl);

export const signInUser = (url: string, user = DEMO_USER, contentUrl = '') => signInJson(url, { name: user.name, password: user.password }, contentUrl);

/** GET with the token; answers JSON. */
export async function get(url: string, path: string, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${API}${path}`, { headers: { accept: 'application/json', ...(token === undefined ? {} : { 'x-tableau-auth': token }), ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: safeJson(text) };
}

export async function post(url: string, path: string, body: string, { token, accept = 'application/json', contentType }: { token?: string; accept?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = { accept };
  if (token !== undefined) headers['x-tableau-auth'] = token;
  if (contentType !== undefined) headers['content-type'] = contentType;
  const res = await fetch(`${url}${API}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: safeJson(text) };
}

/** Tableau's JSON error code, or undefined. */
export function code(response: { json: unknown }): string | undefined {
  return (response.json as { error?: { code?: string } } | undefined)?.error?.code;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An unsigned connected-app JWT carrying `claims` (the simulator checks only `sub` and `exp`). */
export function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT', kid: 'fake-kid' })}.${part(claims)}.fake-signature`;
}
