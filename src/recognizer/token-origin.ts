import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import { chainRoot, enclosingClass, isEnvironmentRead, memberPath, unwrap, type Node } from './ast.js';
import type { FileContext } from './context.js';
import type { TokenUse } from './headers.js';
import type { Variable } from './scope.js';
import type { ImportedDeclaration } from './types.js';

const T = AST_NODE_TYPES;

/** Where the value in an X-Tableau-Auth header comes from, as far as its lifetime goes. */
export type TokenOrigin =
  /** Written into the code, or read from the environment, argv, config or browser storage: never refreshed. */
  | { kind: 'static'; source: string }
  /** Kept for the life of the module or object and reused by later calls. */
  | {
      kind: 'stored';
      storage: string;
      cls?: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
      /** Declared in another module (seen through types): that module's refresh path counts. */
      module?: ImportedDeclaration;
    }
  /** A local of the function that uses it. */
  | { kind: 'local'; variable: Variable }
  /** A parameter, a call's result or anything else whose lifetime we cannot see. */
  | { kind: 'unknown' };

const CONFIG_MODULE = /(^|[/\\@.-])(config|conf|settings|secrets?|credentials|env)([/\\.-]|$)|\.json$|^dotenv/i;
const CONFIG_NAME = /^(config|conf|cfg|settings|secrets|credentials|env|CONFIG|SETTINGS)$/i;
const STORAGE_ROOTS = new Set(['localStorage', 'sessionStorage', 'Cookies', 'cookies', 'chrome']);

export function tokenOrigin(ctx: FileContext, use: TokenUse): TokenOrigin {
  if (use.literal) return { kind: 'static', source: 'a string literal' };
  const origin = classify(ctx, use.value, 0);
  if (use.shared && origin.kind !== 'static') {
    return { kind: 'stored', storage: 'the client defaults (every later request reuses it)' };
  }
  return origin;
}

function classify(ctx: FileContext, node: Node, depth: number): TokenOrigin {
  const n = unwrap(node);
  if (depth > 6 || !ctx.spend()) return { kind: 'unknown' };
  switch (n.type) {
    case T.Literal:
      return typeof n.value === 'string' ? { kind: 'static', source: 'a string literal' } : { kind: 'unknown' };
    case T.TemplateLiteral:
      if (n.expressions.length === 0) return { kind: 'static', source: 'a string literal' };
      return n.expressions.length === 1 ? classify(ctx, n.expressions[0], depth + 1) : { kind: 'unknown' };
    case T.AwaitExpression:
      return classify(ctx, n.argument, depth + 1);
    case T.LogicalExpression:
      return classify(ctx, n.left, depth + 1);
    case T.Identifier:
      return classifyVariable(ctx, n, depth);
    case T.MemberExpression:
      return classifyMember(ctx, n, depth);
    case T.CallExpression:
      return isStorage(memberPath(n.callee)) ? { kind: 'static', source: 'browser storage' } : { kind: 'unknown' };
    default:
      return { kind: 'unknown' };
  }
}

function classifyVariable(ctx: FileContext, id: TSESTree.Identifier, depth: number): TokenOrigin {
  const variable = ctx.scopes.variableOf(id);
  if (!variable || variable.defs.length === 0) {
    return { kind: 'stored', storage: `the global \`${id.name}\`` };
  }
  if (ctx.scopes.isParameter(variable)) return { kind: 'unknown' };
  const def = variable.defs[0];
  if (def.type === 'ImportBinding') {
    const origin = ctx.scopes.importOrigin(variable);
    if (origin && CONFIG_MODULE.test(origin.source)) return { kind: 'static', source: `configuration imported from "${origin.source}"` };
    return importedOrigin(ctx, id, origin?.source ?? 'another module');
  }
  if (def.type !== 'Variable') return { kind: 'unknown' };
  const single = ctx.scopes.singleValue(variable);
  if (single) {
    const inner = classify(ctx, single, depth + 1);
    if (inner.kind === 'static' || inner.kind === 'stored') return inner;
  }
  if (ctx.scopes.isModuleLevel(variable)) {
    return { kind: 'stored', storage: `the module-level variable \`${id.name}\`` };
  }
  // A local copied from a stored token (`const t = this.token`) carries the stored token's lifetime.
  for (const written of ctx.scopes.writtenValues(variable)) {
    const inner = classify(ctx, written, depth + 1);
    if (inner.kind === 'static' || inner.kind === 'stored') return inner;
  }
  return { kind: 'local', variable };
}

function classifyMember(ctx: FileContext, member: TSESTree.MemberExpression, depth: number): TokenOrigin {
  const path = memberPath(member) ?? '';
  if (isEnvironmentRead(member)) {
    return { kind: 'static', source: 'an environment variable' };
  }
  if (/^process\.argv/.test(path) || isArgvIndex(member)) return { kind: 'static', source: 'a command-line argument' };
  if (isStorage(path)) return { kind: 'static', source: 'browser storage' };
  const root = chainRoot(member);
  if (root.type === T.ThisExpression) {
    const cls = enclosingClass(member);
    const field = path.replace(/^this\./, '');
    return { kind: 'stored', storage: `the field \`this.${field}\``, cls };
  }
  if (root.type === T.Identifier) {
    const variable = ctx.scopes.variableOf(root);
    if (!variable || variable.defs.length === 0) {
      return CONFIG_NAME.test(root.name) ? { kind: 'static', source: 'a configuration object' } : { kind: 'stored', storage: `\`${path || root.name}\`` };
    }
    const def = variable.defs[0];
    if (def.type === 'ClassName') return { kind: 'stored', storage: `the static field \`${path}\``, cls: def.node as TSESTree.ClassDeclaration };
    if (def.type === 'ImportBinding') {
      const origin = ctx.scopes.importOrigin(variable);
      if (origin && CONFIG_MODULE.test(origin.source)) return { kind: 'static', source: `configuration imported from "${origin.source}"` };
      return { kind: 'unknown' };
    }
    if (ctx.scopes.isParameter(variable)) return { kind: 'unknown' };
    const origin = ctx.scopes.importOrigin(variable);
    if (origin && CONFIG_MODULE.test(origin.source)) return { kind: 'static', source: `configuration loaded from "${origin.source}"` };
    if (CONFIG_NAME.test(root.name) && ctx.scopes.isModuleLevel(variable)) return { kind: 'static', source: 'a configuration object' };
    if (ctx.scopes.isModuleLevel(variable)) return { kind: 'stored', storage: `the module-level object \`${path || root.name}\`` };
    const resolved = ctx.values.resolve(member);
    if (resolved.node !== member) return classify(ctx, resolved.node, depth + 1);
    return { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

/**
 * With types: what the exporting module declared. An exported `let` is a stored token (the refresh path,
 * if any, must be in that module); an exported constant read from the environment or a literal is static.
 */
function importedOrigin(ctx: FileContext, id: TSESTree.Identifier, source: string): TokenOrigin {
  const declaration = ctx.types?.importedDeclaration(id);
  if (!declaration) return { kind: 'unknown' };
  if (declaration.kind === 'let') {
    return { kind: 'stored', storage: `the module-level variable \`${declaration.name}\` of "${source}"`, module: declaration };
  }
  const init = declaration.initializer?.trim() ?? '';
  if (/^process\.env\b/.test(init) || /^import\.meta\.env\b/.test(init)) return { kind: 'static', source: `an environment variable (read in "${source}")` };
  if (/^(['"`])[^`$]*\1$/.test(init)) return { kind: 'static', source: `a string literal (in "${source}")` };
  return { kind: 'unknown' };
}

/** `localStorage.getItem(...)`, `window.sessionStorage.token`, `Cookies.get(...)`. */
function isStorage(path: string | undefined): boolean {
  const root = path?.replace(/^(window|globalThis|self)\./, '').split('.')[0];
  return !!root && STORAGE_ROOTS.has(root);
}


function isArgvIndex(member: TSESTree.MemberExpression): boolean {
  return member.computed && memberPath(member.object) === 'process.argv';
}
