import { Linter } from 'eslint';
import plugin from '../../src/index.js';

// Syntax the rules meet in real code. Every snippet runs through all five rules (with rule crashes
// thrown, not contained: TABLEAU_REST_DEBUG is set for tests); where the snippet is a Tableau call
// the expected findings are asserted too, so "no crash" cannot hide "no longer recognised".
const allRules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`tableau-rest/${name}`, 'error' as const]));
const linter = new Linter({ configType: 'flat' });

function lint(code: string, filename: string): string[] {
  const config = plugin.configs.recommended.map((block) => (block.rules ? { ...block, rules: allRules } : block));
  const messages = linter.verify(code, config, filename);
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`snippet does not parse: ${fatal.message}`);
  return messages.map((m) => `${m.line}:${m.ruleId?.replace('tableau-rest/', '')}`);
}

const cases: Array<[name: string, filename: string, code: string, expected: string[]]> = [
  ['optional chaining everywhere', 'a.js', `
let token;
export const f = async (u) => (await globalThis.fetch?.(u + '/api/3.19/serverinfo', { headers: { 'X-Tableau-Auth': token } }))?.json?.();`, ['3:handle-auth-errors', '3:no-stale-token']],
  ['decorators and parameter properties', 'a.ts', `
function Injectable(): ClassDecorator { return () => {}; }
@Injectable()
export class Api {
  constructor(private readonly token: string) {}
  @Reflect.metadata('k', 'v') views(siteId: string) {
    return fetch(\`/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': this.token } }).then((r) => r.ok);
  }
}`, ['7:no-stale-token']],
  ['JSX with a call in a handler', 'a.jsx', `
let token;
export const B = () => <button onClick={() => fetch('/api/3.19/sessions/current', { headers: { 'x-tableau-auth': token } }).then((r) => r.text())}>x</button>;`, ['3:handle-auth-errors', '3:no-stale-token']],
  ['satisfies and as const', 'a.ts', `
const headers = { 'X-Tableau-Auth': process.env.T } satisfies Record<string, string | undefined>;
export const f = () => fetch('/api/3.19/serverinfo' as const, { headers: headers as HeadersInit }).then((r) => r.ok);`, ['2:no-stale-token']],
  ['class private fields and static blocks', 'a.js', `
export class Client {
  #token = null;
  static #instances = 0;
  static { Client.#instances = 1; }
  sites() { return fetch('/api/3.19/sites', { headers: { 'X-Tableau-Auth': this.#token } }).then((r) => r.ok); }
}`, ['6:no-stale-token']],
  ['top-level await and ??=', 'a.mjs', `
let token;
token ??= (await (await fetch('/api/3.19/auth/signin', { method: 'POST', body: '{}' })).json()).credentials.token;
export const info = await fetch('/api/3.19/serverinfo', { headers: { 'X-Tableau-Auth': token } });`, ['3:handle-auth-errors', '4:no-stale-token']],
  ['unusual header spellings', 'a.js', `
const NAME = 'X-TABLEAU-' + 'AUTH';
let t;
export const a = () => fetch('/api/3.19/serverinfo', { headers: { [NAME]: t } }).then((r) => r.ok);
export const b = () => fetch('/api/3.19/serverinfo', { headers: { [\`x-tableau-auth\`]: t } }).then((r) => r.ok);
export const c = () => fetch('/api/3.19/serverinfo', { headers: new Headers([['X-Tableau-Auth', t]]) }).then((r) => r.ok);`, ['4:no-stale-token', '5:no-stale-token', '6:no-stale-token']],
  ['generators, labels, optional catch binding, getters', 'a.js', `
let token;
export function* pages() { outer: for (;;) { try { yield 1; break outer; } catch { continue; } } }
export const o = { get headers() { return { 'X-Tableau-Auth': token }; }, async *[Symbol.asyncIterator]() {} };
export const g = () => fetch('/api/3.19/serverinfo', o).then((r) => r.ok);`, []],
  ['a sloppy-mode script with with()', 'a.cjs', `
var token; with (Math) { var x = max(1, 2); }
module.exports = function () { return require('node-fetch')('/api/3.19/serverinfo', { headers: { 'X-Tableau-Auth': token } }).then(function (r) { return r.ok; }); };`, ['3:no-stale-token']],
  ['tagged templates, new.target, import.meta, dynamic import', 'a.mjs', `
const tag = (s, ...v) => s.raw.join('') + v.join('');
export function F() { if (!new.target) throw new Error(); this.u = tag\`/api/\${import.meta.url}\`; }
export const lazy = () => import('node-fetch').then((m) => m.default('/api/3.19/serverinfo'));`, []],
  ['deep nesting and long chains', 'a.js', `
export const s = ${'('.repeat(500)}1${')'.repeat(500)};
export const chain = a${'.b'.repeat(3000)};
export const sum = ${Array.from({ length: 3000 }, (_, i) => `'/api/${i}'`).join(' + ')};`, []],
  ['empty file, comments only', 'a.ts', '// X-Tableau-Auth: nothing here\n/* /api/3.19/auth/signin */\n', []],
  ['self-referencing consts and recursive helpers', 'a.js', `
const a = b; const b = a;
function url(p) { return url(p) + '/api/3.19/' + p; }
export const f = (t) => fetch(url('sites'), { headers: { 'X-Tableau-Auth': t } }).then((r) => r.ok);`, []],
  ['a huge Tableau file does not exhaust correctness for the first calls', 'a.js', `
let token;
${Array.from({ length: 400 }, (_, i) => `export const v${i} = () => fetch('/api/3.19/sites/s${i}/views', { headers: { 'X-Tableau-Auth': token } }).then((r) => r.ok);`).join('\n')}`,
  Array.from({ length: 400 }, (_, i) => [`${i + 3}:no-foreign-site`, `${i + 3}:no-stale-token`]).flat()],
];

test.each(cases)('%s', (_name, filename, code, expected) => {
  expect(lint(code, filename)).toEqual(expected);
});
