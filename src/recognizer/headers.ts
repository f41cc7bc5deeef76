import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import { calleeProperty, findInside, memberPath, staticKeyName, unwrap, type Expression, type FunctionNode, type Node } from './ast.js';
import type { FileContext } from './context.js';
import { NO_BINDINGS, type Bindings } from './values.js';

const T = AST_NODE_TYPES;
const MAX_DEPTH = 8;

export const TABLEAU_HEADER = 'x-tableau-auth';
const COOKIE_NAME = 'workgroup_session_id=';

/** Where a call gets its token: the expression supplying the value, and the header (or cookie) that carries it. */
export interface TokenUse {
  /** The expression that supplies the token (reported by no-stale-token). */
  value: Expression;
  /** The property, `.set(...)` call or assignment that names the header. */
  header: Node;
  form: 'header' | 'cookie';
  /** Set once on a client (axios defaults, create options, interceptor, hook) rather than on this call. */
  shared: boolean;
  /** The token is a literal written into the code (for cookies: the text after `workgroup_session_id=`). */
  literal: boolean;
}

/** Lower-cased header name of a key node, when it can be known statically (`[AUTH_HEADER]` included). */
export function headerName(ctx: FileContext, key: Node, computed: boolean, bindings: Bindings = NO_BINDINGS): string | undefined {
  const name = staticKeyName(key, computed);
  if (name !== undefined) return name.toLowerCase();
  if (!computed) return undefined;
  const parts = ctx.values.string(key, bindings);
  return parts.every((p) => typeof p === 'string') ? parts.join('').toLowerCase() : undefined;
}

/**
 * Token uses in a headers value: object literals (any key spelling, quoted, computed from a const),
 * spreads and clones, `new Headers(...)`, `Object.assign`, variables mutated later, helper functions
 * and getters that build the object, `Cookie: workgroup_session_id=...`.
 */
export function tokensInHeaders(ctx: FileContext, node: Node | undefined, bindings: Bindings = NO_BINDINGS, shared = false, depth = 0): TokenUse[] {
  if (!node || depth > MAX_DEPTH || !ctx.spend()) return [];
  const uses: TokenUse[] = [];
  const n = unwrap(node);
  // Writes made to a named object after it was built (`headers[AUTH] = t`, `headers.set(...)`).
  const key = n.type === T.Identifier || n.type === T.MemberExpression ? ctx.objectKey(n) : undefined;
  for (const write of ctx.writesTo(key)) {
    if (write.merge) uses.push(...tokensInHeaders(ctx, write.value, bindings, shared, depth + 1));
    else if (write.key) uses.push(...headerEntry(ctx, write.key, write.computed, write.value, write.node, bindings, shared));
  }
  const resolved = ctx.values.resolve(n, bindings);
  const target = unwrap(resolved.node);
  const b = resolved.bindings;
  switch (target.type) {
    case T.ObjectExpression:
      for (const p of target.properties) {
        if (p.type === T.SpreadElement) uses.push(...tokensInHeaders(ctx, p.argument, b, shared, depth + 1));
        else uses.push(...headerEntry(ctx, p.key, p.computed, p.value, p, b, shared));
      }
      break;
    case T.ArrayExpression:
      // new Headers([['X-Tableau-Auth', token]])
      for (const el of target.elements) {
        if (el && el.type === T.ArrayExpression && el.elements.length === 2 && el.elements[0] && el.elements[1]) {
          uses.push(...headerEntry(ctx, el.elements[0], true, el.elements[1], el, b, shared));
        }
      }
      break;
    case T.NewExpression:
      if (memberPath(target.callee) === 'Headers') uses.push(...tokensInHeaders(ctx, target.arguments[0], b, shared, depth + 1));
      break;
    case T.CallExpression: {
      const callee = memberPath(target.callee);
      if (callee === 'Object.assign' || callee === 'structuredClone' || callee === 'Object.fromEntries' || callee === 'lodash.merge' || callee === '_.merge' || callee === '_.assign') {
        for (const arg of target.arguments) uses.push(...tokensInHeaders(ctx, arg, b, shared, depth + 1));
      } else if (callee === 'Object.entries' || calleeProperty(target) === 'toJSON') {
        // no token can appear from these alone
      } else {
        for (const r of ctx.values.callResults(target, b, depth)) uses.push(...tokensInHeaders(ctx, r.node, r.bindings, shared, depth + 1));
      }
      break;
    }
    case T.MemberExpression:
      for (const r of ctx.values.getterResults(target)) uses.push(...tokensInHeaders(ctx, r.node, r.bindings, shared, depth + 1));
      // Writes to the resolved object's own key, when `n` was an alias for it.
      if (target !== n) {
        const targetKey = ctx.objectKey(target);
        for (const write of ctx.writesTo(targetKey)) {
          if (write.key) uses.push(...headerEntry(ctx, write.key, write.computed, write.value, write.node, b, shared));
        }
      }
      break;
    case T.ConditionalExpression:
      uses.push(...tokensInHeaders(ctx, target.consequent, b, shared, depth + 1));
      uses.push(...tokensInHeaders(ctx, target.alternate, b, shared, depth + 1));
      break;
    case T.LogicalExpression:
      uses.push(...tokensInHeaders(ctx, target.left, b, shared, depth + 1));
      uses.push(...tokensInHeaders(ctx, target.right, b, shared, depth + 1));
      break;
    case T.AwaitExpression:
      uses.push(...tokensInHeaders(ctx, target.argument, b, shared, depth + 1));
      break;
    default:
  }
  return dedupe(uses);
}

function headerEntry(ctx: FileContext, key: Node, computed: boolean, value: Node, node: Node, bindings: Bindings, shared: boolean): TokenUse[] {
  const name = headerName(ctx, key, computed, bindings);
  if (name === TABLEAU_HEADER) {
    const supplier = supplyingExpression(ctx, value as Expression, bindings);
    return [{ value: supplier, header: node, form: 'header', shared, literal: isLiteralString(supplier) }];
  }
  if (name === 'cookie') return cookieTokens(ctx, value, node, bindings, shared);
  return [];
}

/** A token in `Cookie: workgroup_session_id=${token}; ...`. */
function cookieTokens(ctx: FileContext, value: Node, node: Node, bindings: Bindings, shared: boolean): TokenUse[] {
  const parts = ctx.values.string(value, bindings);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part !== 'string') continue;
    const at = part.toLowerCase().indexOf(COOKIE_NAME);
    if (at < 0) continue;
    const after = part.slice(at + COOKIE_NAME.length);
    if (after.length > 0 && !after.startsWith(';')) {
      return [{ value: value as Expression, header: node, form: 'cookie', shared, literal: true }];
    }
    const next = parts[i + 1];
    if (next && typeof next !== 'string') {
      return [{ value: supplyingExpression(ctx, next.hole, NO_BINDINGS), header: node, form: 'cookie', shared, literal: false }];
    }
  }
  return [];
}

/**
 * The expression to report as supplying the token: a helper's parameter is traced to the caller's
 * argument; anything else is the value as written.
 */
function supplyingExpression(ctx: FileContext, value: Expression, bindings: Bindings): Expression {
  let v = value;
  for (let i = 0; i < MAX_DEPTH; i++) {
    const n = unwrap(v);
    if (n.type !== T.Identifier) break;
    const variable = ctx.scopes.variableOf(n);
    const bound = variable && bindings.get(variable);
    if (!bound) break;
    v = bound.node;
    bindings = bound.bindings;
  }
  return v;
}

function isLiteralString(node: Node): boolean {
  const n = unwrap(node);
  return (n.type === T.Literal && typeof n.value === 'string') || (n.type === T.TemplateLiteral && n.expressions.length === 0);
}

function dedupe(uses: TokenUse[]): TokenUse[] {
  const seen = new Set<Node>();
  return uses.filter((u) => (seen.has(u.value) ? false : (seen.add(u.value), true)));
}

/**
 * Token uses written inside a function that sees each outgoing request: an axios request interceptor,
 * a got/ky hook, jQuery's `beforeSend`. Any header write whose key is X-Tableau-Auth counts.
 */
export function tokensWrittenIn(ctx: FileContext, fn: FunctionNode): TokenUse[] {
  const uses: TokenUse[] = [];
  for (const node of findInside(fn.body, (x) => x.type === T.AssignmentExpression || x.type === T.CallExpression || x.type === T.ObjectExpression)) {
    if (node.type === T.AssignmentExpression && node.left.type === T.MemberExpression) {
      uses.push(...headerEntry(ctx, node.left.property, node.left.computed, node.right, node, NO_BINDINGS, true));
    } else if (node.type === T.CallExpression) {
      const method = calleeProperty(node);
      if ((method === 'set' || method === 'append' || method === 'setRequestHeader' || method === 'header') && node.arguments.length >= 2) {
        uses.push(...headerEntry(ctx, node.arguments[0], true, node.arguments[1], node, NO_BINDINGS, true));
      }
    } else if (node.type === T.ObjectExpression) {
      const headers = node.properties.find(
        (p): p is TSESTree.Property => p.type === T.Property && staticKeyName(p.key, p.computed)?.toLowerCase() === 'headers',
      );
      if (headers) uses.push(...tokensInHeaders(ctx, headers.value, NO_BINDINGS, true));
    }
  }
  return dedupe(uses);
}
