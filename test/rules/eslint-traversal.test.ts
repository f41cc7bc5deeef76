import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { Linter } from 'eslint';
import { walksLikeUs, type TraversalStep } from '../../src/recognizer/ast.js';
import { FileContext } from '../../src/recognizer/context.js';
import { normalizeSettings } from '../../src/recognizer/settings.js';

// Under ESLint the recogniser indexes a file from ESLint's own traversal (SourceCode#traverse) instead of
// walking the tree again: it must meet the same nodes in the same order as its own walk does.
const JS = `
import axios from 'axios';
const api = axios.create({ baseURL: \`\${process.env.TABLEAU}/api/3.19\` });
api.interceptors.response.use((r) => r, async (e) => { if (e.response?.status === 401) await signIn(); throw e; });
export class Client {
  token = null;
  headers = { 'X-Tableau-Auth': this.token };
  constructor() { this.site = { id: 1, go: () => fetch(\`/api/3.19/sites/\${this.site.id}\`, { headers: this.headers }) }; }
  async get(u) {
    for (;;) { try { return await fetch(u, { headers: { 'X-Tableau-Auth': this.token } }); } catch { this.token = await this.signIn(); } }
  }
  static make = () => new Client();
}
const h = {}; h['X-Tableau-Auth'] = 't'; Object.assign(h, { a: [1, 2].map((x) => x * 2) });
label: while (true) { do { break label; } while (false); }
export default function signIn() { return fetch('/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: {} }) }); }
`;
const TS = `
function Injectable(): ClassDecorator { return () => {}; }
@Injectable()
export class Api<T extends { id: string }> implements Base {
  constructor(private readonly token: string) {}
  @Reflect.metadata('k', 'v') views(siteId: T['id'] = f()): Promise<Response> {
    return fetch(\`/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': this.token } as Record<string, string> })!;
  }
}
export const go = <U,>(x: U) => (x as any)(() => 1);
`;

function capture(code: string, filename: string, configs: Linter.Config[] = []) {
  let source: Record<string, unknown> | undefined;
  const cap = { rules: { cap: { create: (context: { sourceCode: unknown }) => ({ 'Program:exit': () => void (source = context.sourceCode as Record<string, unknown>) }) } } };
  const messages = new Linter({ configType: 'flat' }).verify(code, [...configs, { plugins: { cap }, rules: { 'cap/cap': 'error' } } as Linter.Config], filename);
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return source as unknown as { ast: never; scopeManager: TSESLint.Scope.ScopeManager; visitorKeys: Record<string, string[]>; traverse(): TraversalStep[] };
}

function indexed(ctx: FileContext) {
  return { calls: ctx.calls, functions: ctx.functions, catchClauses: ctx.catchClauses, loops: ctx.loops, assignments: ctx.assignments, siteValues: ctx.propertyValues('id'), headerWrites: ctx.writesTo(ctx.objectKey(ctx.calls[0].callee)) };
}

describe('indexing from ESLint\u2019s traversal', () => {
  it.each([
    ['espree', JS, 'a.mjs', []],
    ['typescript-eslint', TS, 'a.ts', [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }]],
  ] as const)('finds what the walk finds, in the same order (%s)', (_name, code, filename, configs) => {
    const source = capture(code, filename, configs as unknown as Linter.Config[]);
    expect(walksLikeUs(source.visitorKeys)).toBe(true);
    const settings = normalizeSettings(undefined);
    const walked = indexed(new FileContext(source.ast, source.scopeManager, settings));
    const traversed = indexed(new FileContext(source.ast, source.scopeManager, settings, undefined, source.traverse()));
    expect(walked.calls.length).toBeGreaterThan(3);
    for (const key of Object.keys(walked) as Array<keyof typeof walked>) expect(traversed[key], key).toEqual(walked[key]);
    for (const key of Object.keys(walked) as Array<keyof typeof walked>) walked[key].forEach((node, i) => expect(traversed[key][i], key).toBe(node));
  });

  it('is not used with visitor keys that reach other nodes or leave out code', () => {
    expect(walksLikeUs({ ...visitorKeys, Program: ['body', 'templateBody'] })).toBe(false);
    expect(walksLikeUs({ ...visitorKeys, VElement: ['children'] })).toBe(false);
    expect(walksLikeUs({ ...visitorKeys, CallExpression: ['arguments', 'callee'] })).toBe(false);
    expect(walksLikeUs({ ...visitorKeys, CallExpression: ['callee'] })).toBe(false);
    expect(walksLikeUs({ ...visitorKeys, CallExpression: ['callee', 'arguments'] })).toBe(true);
    expect(walksLikeUs(undefined)).toBe(false);
  });
});
