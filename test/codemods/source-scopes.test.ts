import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { parseSource } from '../../src/recognizer/source.js';

// The codemod reads JavaScript outside ESLint (espree and eslint-scope, with fewer visitor keys handed to the scope
// analysis: see espreeScopeKeys). What the recogniser learns from the scopes must be what it learns under ESLint, for
// every kind of node whose children hold references (JSX, import attributes and options, `export * as`, static
// blocks, class fields, patterns with defaults, labels, catch parameters) and next to a direct eval().
const MODULE = `
import data from './data.json' with { type: 'json' };
import * as api from './api.js';
export * as tableau from './tableau.js';
export { data as default, api };
const key = 'json';
const mod = await import('./config.json', { with: { type: key } });
export class Client {
  static #count = 0;
  token = mod.token ?? null;
  #site = { id: data.site };
  static { Client.#count += api.start(this.#count); }
  async get({ path = '/api/3.19', headers: { Accept: accept = 'json' } = {} }, ...rest) {
    try { return await fetch(\`\${path}/sites/\${this.#site.id}\`, { headers: { 'X-Tableau-Auth': this.token, Accept: accept }, rest }); }
    catch ({ message, response: [first] = [] }) { outer: for (const x of rest) { if (x === first) break outer; } throw new Error(message); }
  }
}
const Badge = ({ name }) => <span title={name}>{api.label(name)}<Client.View {...data} /></span>;
export const view = <Badge name={key} />;
`;

const SCRIPT = `
'use strict';
const { fetch: nodeFetch = globalThis.fetch } = require('node-fetch');
let token;
module.exports = async function signIn(server, { name, secret } = {}) {
  const res = await nodeFetch(server + '/api/3.19/auth/signin', { method: 'POST', body: JSON.stringify({ credentials: { personalAccessTokenName: name, personalAccessTokenSecret: secret } }) });
  ({ credentials: { token } } = await res.json());
  return token;
};
module.exports.debug = function debug(code) { return eval(code) || token; };
`;

type Scope = TSESLint.Scope.Scope;

/**
 * Everything the recogniser reads from a scope analysis, by source position. ESLint also declares the built-in
 * globals (JSON, Promise...) and resolves references to them, which parseSource does not: a reference to a global
 * without a declaration in the file counts as unresolved on both sides.
 */
function describeScopes(scopeManager: TSESLint.Scope.ScopeManager) {
  const at = (node: { range?: [number, number] } | null | undefined) => (node?.range ? node.range.join('-') : null);
  const declared = (v: TSESLint.Scope.Variable | null) => (v && (v.scope.type !== 'global' || v.defs.length > 0) ? v : null);
  return scopeManager.scopes.map((scope: Scope) => ({
    type: scope.type,
    block: at(scope.block),
    variables: scope.variables.filter(declared).map((v) => ({
      name: v.name,
      defs: v.defs.map((d) => `${d.type}@${at(d.node)}`),
      identifiers: v.identifiers.map(at),
      references: v.references.map((r) => at(r.identifier)),
    })),
    references: scope.references.map((r) => {
      const resolved = declared(r.resolved);
      return { at: at(r.identifier), resolved: resolved ? `${resolved.name}@${at(resolved.scope.block)}` : null, write: r.isWrite(), read: r.isRead() };
    }),
    // What leaves the file: for the global scope, ESLint keeps out the names it knows as globals.
    through: scope.type === 'global' ? [] : scope.through.map((r) => at(r.identifier)),
  }));
}

function eslintScopes(code: string, filename: string) {
  let scopeManager: TSESLint.Scope.ScopeManager | undefined;
  const plugin = {
    rules: { capture: { create: (context: { sourceCode: { scopeManager: TSESLint.Scope.ScopeManager } }) => ({ 'Program:exit': () => void (scopeManager = context.sourceCode.scopeManager) }) } },
  };
  const configs = [{ files: ['**/*.mjs', '**/*.cjs'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } }, { plugins: { scope: plugin }, rules: { 'scope/capture': 'error' } }];
  const messages = new Linter({ configType: 'flat' }).verify(code, configs as never, filename);
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return describeScopes(scopeManager!);
}

describe('the codemod reads JavaScript scopes as ESLint does', () => {
  it.each([
    ['an ES module with JSX, import attributes and class features', MODULE, 'client.mjs'],
    ['a CommonJS script with destructuring', SCRIPT, 'sign-in.cjs'],
  ])('%s', (_name, code, filename) => {
    const ours = parseSource(code, filename);
    expect(ours.parser).toBe('espree');
    const theirs = eslintScopes(code, filename);
    // Not vacuous: the JSX names, the import options' `key` and the static block's references are all in there.
    expect(theirs.flatMap((s) => s.references).length).toBeGreaterThan(15);
    expect(describeScopes(ours.scopeManager)).toEqual(theirs);
  });
});
