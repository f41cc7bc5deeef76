import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { Linter } from 'eslint';
import { walksLikeUs, type TraversalStep } from '../../src/recognizer/ast.js';
import { FileContext } from '../../src/recognizer/context.js';
import { collectingListeners } from '../../src/recognizer/index.js';
import { normalizeSettings } from '../../src/recognizer/settings.js';

// Under ESLint the recogniser indexes a file from the nodes a rule's listeners collected while ESLint traversed it
// (or from ESLint's traversal steps, SourceCode#traverse) instead of walking the tree again: it must meet the same
// nodes in the same order as its own walk does.
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
  const collected: unknown[] = [];
  const cap = {
    rules: {
      cap: {
        create: (context: never) => {
          const listeners = collectingListeners(context);
          const wrapped = Object.fromEntries(Object.entries(listeners).map(([type, listener]) => [type, (node: never) => (listener(node), collected.push(node))]));
          return { ...wrapped, 'Program:exit': () => void (source = (context as { sourceCode: Record<string, unknown> }).sourceCode) };
        },
      },
    },
  };
  const messages = new Linter({ configType: 'flat' }).verify(code, [...configs, { plugins: { cap }, rules: { 'cap/cap': 'error' } } as Linter.Config], filename);
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  const sourceCode = source as unknown as { ast: never; scopeManager: TSESLint.Scope.ScopeManager; visitorKeys: Record<string, string[]>; traverse(): TraversalStep[] };
  return { ast: sourceCode.ast, scopeManager: sourceCode.scopeManager, visitorKeys: sourceCode.visitorKeys, traverse: () => sourceCode.traverse(), collected: collected as never[] };
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
    const traversed = indexed(new FileContext(source.ast, source.scopeManager, settings, undefined, { steps: source.traverse() }));
    expect(source.collected.length).toBeGreaterThan(10);
    const collected = indexed(new FileContext(source.ast, source.scopeManager, settings, undefined, { collected: source.collected }));
    expect(walked.calls.length).toBeGreaterThan(3);
    for (const other of [traversed, collected]) {
      for (const key of Object.keys(walked) as Array<keyof typeof walked>) {
        expect(other[key].length, key).toBe(walked[key].length);
        walked[key].forEach((node, i) => expect(other[key][i], key).toBe(node));
      }
    }
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
