import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  calleeProperty,
  chainedCalls,
  contains,
  enclosingFunction,
  isFunction,
  memberPath,
  memberRoot,
  objectProperty,
  outerParent,
  someInside,
  staticKeyName,
  unwrap,
  type FunctionNode,
  type Node,
} from './ast.js';
import type { TableauCall } from './calls.js';
import type { FileContext } from './context.js';
import { isRejectionHandler, type SignIns } from './sign-in.js';

const T = AST_NODE_TYPES;

/** What happens to a status-style response (fetch, XHR, node:http, undici, jQuery, any-status axios). */
export type ResponseUse =
  | { kind: 'checked' }
  /** Returned, passed to a function or stored: whoever receives it must check it. */
  | { kind: 'handed-off' }
  /** Read (`.json()`, `.data`) without looking at `ok`/`status`/`statusCode`. */
  | { kind: 'unchecked' }
  /** Thrown away (`await fetch(...)` as a statement). */
  | { kind: 'discarded' };

const STATUS_KEYS = new Set(['ok', 'status', 'statusCode']);
const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'notice']);

/** How the request's response (or its promise) is used, following it through await, then-callbacks and variables. */
export function responseUse(ctx: FileContext, call: TableauCall): ResponseUse {
  if (call.client === 'xhr') return xhrUse(ctx, call);
  if (call.client === 'http') return httpUse(ctx, call);
  if (call.client === 'jquery' && jqueryHandlesErrors(ctx, call)) return { kind: 'checked' };
  return valueUse(ctx, call.expression, 0);
}

function valueUse(ctx: FileContext, expression: Node, depth: number): ResponseUse {
  if (depth > 6) return { kind: 'handed-off' };
  const { parent, child } = outerParent(expression);
  if (!parent) return { kind: 'handed-off' };
  switch (parent.type) {
    case T.AwaitExpression:
    case T.ConditionalExpression:
    case T.LogicalExpression:
    case T.SequenceExpression:
      if (parent.type === T.ConditionalExpression && parent.test === child) return { kind: 'checked' };
      return valueUse(ctx, parent, depth + 1);
    case T.MemberExpression: {
      if (parent.object !== child) return { kind: 'handed-off' };
      const key = staticKeyName(parent.property, parent.computed);
      if (key !== undefined && STATUS_KEYS.has(key)) return { kind: 'checked' };
      const call = outerParent(parent).parent;
      if (key === 'then' && call?.type === T.CallExpression && call.callee === outerParent(parent).child) {
        const onFulfilled = ctx.functionOf(call.arguments[0]);
        if (!onFulfilled) return call.arguments[0] ? { kind: 'handed-off' } : valueUse(ctx, call, depth + 1);
        return parameterUse(ctx, onFulfilled.params[0], depth);
      }
      if ((key === 'catch' || key === 'finally') && call?.type === T.CallExpression) return valueUse(ctx, call, depth + 1);
      return { kind: 'unchecked' };
    }
    case T.VariableDeclarator:
      return parent.init === child ? patternUse(ctx, parent.id, depth) : { kind: 'handed-off' };
    case T.AssignmentExpression:
      if (parent.right !== child) return { kind: 'handed-off' };
      return parent.left.type === T.Identifier || parent.left.type === T.ObjectPattern ? patternUse(ctx, parent.left, depth) : { kind: 'handed-off' };
    case T.ExpressionStatement:
      return { kind: 'discarded' };
    case T.UnaryExpression:
      return parent.operator === 'void' ? { kind: 'discarded' } : { kind: 'handed-off' };
    default:
      // Returned, passed as an argument, put in an array or object, yielded: the receiver's job.
      return { kind: 'handed-off' };
  }
}

function parameterUse(ctx: FileContext, param: Node | undefined, depth: number): ResponseUse {
  if (!param) return { kind: 'unchecked' };
  return patternUse(ctx, param.type === T.AssignmentPattern ? param.left : param, depth);
}

/** Uses of a binding that holds the response: any status read wins; a hand-off comes next. */
function patternUse(ctx: FileContext, pattern: Node, depth: number): ResponseUse {
  if (pattern.type === T.ObjectPattern) {
    const keys = pattern.properties.map((p) => (p.type === T.Property ? staticKeyName(p.key, p.computed) : undefined));
    return keys.some((k) => k !== undefined && STATUS_KEYS.has(k)) || pattern.properties.some((p) => p.type === T.RestElement)
      ? { kind: 'checked' }
      : { kind: 'unchecked' };
  }
  if (pattern.type !== T.Identifier) return { kind: 'handed-off' };
  const variable = ctx.scopes.variableOf(pattern);
  if (!variable) return { kind: 'handed-off' };
  // An exported binding is read by the module's importers.
  if (variable.defs.some((d) => d.node.parent?.parent?.type === T.ExportNamedDeclaration)) return { kind: 'handed-off' };
  const reads = ctx.scopes.reads(variable);
  if (reads.length === 0) return { kind: 'discarded' };
  let handedOff = false;
  for (const read of reads) {
    const use = valueUse(ctx, read, depth + 1);
    if (use.kind === 'checked') return use;
    if (use.kind === 'handed-off') handedOff = true;
  }
  return handedOff ? { kind: 'handed-off' } : { kind: 'unchecked' };
}

/** XMLHttpRequest: `xhr.status` read anywhere, or `this.status` / `e.target.status` in its load handlers. */
function xhrUse(ctx: FileContext, call: TableauCall): ResponseUse {
  const callee = unwrap(call.node.callee);
  if (callee.type !== T.MemberExpression) return { kind: 'handed-off' };
  const variable = ctx.scopes.variableOf(callee.object);
  const key = ctx.objectKey(callee.object);
  if (variable) {
    for (const read of ctx.scopes.reads(variable)) {
      const { parent } = outerParent(read);
      if (parent?.type === T.MemberExpression && parent.object === read && staticKeyName(parent.property, parent.computed) === 'status') {
        return { kind: 'checked' };
      }
    }
  }
  const handlers = ctx.writesTo(key).filter((w) => w.key && /^on(load|loadend|readystatechange)$/.test(staticKeyName(w.key, w.computed) ?? ''));
  for (const c of ctx.calls) {
    if (c.type === T.CallExpression && calleeProperty(c) === 'addEventListener' && ctx.objectKey((unwrap(c.callee) as TSESTree.MemberExpression).object) === key) {
      if (c.arguments[1]) handlers.push({ value: c.arguments[1], node: c, computed: false });
    }
  }
  for (const h of handlers) {
    const fn = ctx.functionOf(h.value);
    if (fn && someInside(fn.body, (n) => n.type === T.MemberExpression && staticKeyName(n.property, n.computed) === 'status')) return { kind: 'checked' };
  }
  return { kind: 'unchecked' };
}

/** node:http(s): the response callback, or `req.on('response', cb)`, must read `statusCode`. */
function httpUse(ctx: FileContext, call: TableauCall): ResponseUse {
  const callbacks: FunctionNode[] = [];
  const last = call.node.arguments[call.node.arguments.length - 1];
  const fn = last && ctx.functionOf(last);
  if (fn) callbacks.push(fn);
  else if (last && last.type === T.Identifier && ctx.values.resolve(last).node.type !== T.ObjectExpression && call.node.arguments.length > 1) {
    return { kind: 'handed-off' }; // a response callback passed by name
  }
  const { parent } = outerParent(call.node);
  const requestVar = parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier ? ctx.scopes.variableOf(parent.id) : undefined;
  if (requestVar) {
    for (const read of ctx.scopes.reads(requestVar)) {
      const member = outerParent(read).parent;
      const on = member && outerParent(member).parent;
      if (member?.type === T.MemberExpression && staticKeyName(member.property, member.computed) === 'on' && on?.type === T.CallExpression) {
        const event = on.arguments[0];
        if (event?.type === T.Literal && event.value === 'response') {
          const cb = ctx.functionOf(on.arguments[1]);
          if (cb) callbacks.push(cb);
        }
      }
    }
  }
  if (callbacks.length === 0) return { kind: 'unchecked' };
  let handedOff = false;
  for (const cb of callbacks) {
    const use = parameterUse(ctx, cb.params[0], 0);
    if (use.kind === 'checked') return use;
    if (use.kind === 'handed-off') handedOff = true;
  }
  return handedOff ? { kind: 'handed-off' } : { kind: 'unchecked' };
}

/** `$.ajax` with `error`/`statusCode` settings, or `.fail(...)`, `.catch(...)`, `.then(ok, fail)` chained. */
function jqueryHandlesErrors(ctx: FileContext, call: TableauCall): boolean {
  const settings = call.options && ctx.values.resolve(call.options).node;
  if (settings?.type === T.ObjectExpression && objectProperty(settings, /^(error|statusCode)$/)) return true;
  return chainedCalls(call.node).some(
    ({ method, call: c }) => method === 'fail' || method === 'catch' || method === 'always' || (method === 'then' && c.arguments.length >= 2),
  );
}

/** A handler that runs when a throwing client's request fails. */
export interface ErrorHandler {
  /** The catch clause, the `.catch`/`.then` rejection callback, or superagent's `.end` callback. */
  node: TSESTree.CatchClause | FunctionNode;
  /** The error binding, when there is one. */
  param?: Node;
  /** The code that runs (catch body or function body), or undefined for a handler we cannot see. */
  body?: Node;
  /** `.catch(console.error)` and the like: the error is only logged. */
  logOnly?: boolean;
}

/** Where a throwing client's failure goes: the nearest catch in the same function, or a rejection callback. */
export function errorHandlers(ctx: FileContext, call: TableauCall): ErrorHandler[] {
  // Promise chain: request.then(...).catch(h) / .then(ok, h) / superagent .end((err, res) => ...).
  for (const { method, call: chained } of chainedCalls(call.expression)) {
    const arg = method === 'catch' ? chained.arguments[0] : method === 'then' ? chained.arguments[1] : method === 'end' ? chained.arguments[0] : undefined;
    if (arg) return [handlerOf(ctx, arg)];
  }
  // try { await request } catch (e) { ... } in the same function.
  const fn = enclosingFunction(call.node);
  for (let n: Node | undefined = call.node.parent; n && n !== fn; n = n.parent) {
    if (n.type === T.TryStatement && n.handler && contains(n.block, call.node)) {
      return [{ node: n.handler, param: n.handler.param ?? undefined, body: n.handler.body }];
    }
  }
  return [];
}

function handlerOf(ctx: FileContext, arg: Node): ErrorHandler {
  const fn = ctx.functionOf(arg);
  if (fn) return { node: fn, param: fn.params[0], body: fn.body };
  const path = memberPath(arg);
  const logOnly = !!path && isLoggingPath(path);
  return { node: arg as FunctionNode, logOnly };
}

function isLoggingPath(path: string): boolean {
  const parts = path.split('.');
  const last = parts[parts.length - 1];
  return /^(console|logger|log)$/i.test(parts[parts.length - 2] ?? '') || (parts.length === 1 && /^(log|debug)$/.test(last)) || (parts.length > 1 && LOG_METHODS.has(last) && /log/i.test(path));
}

/**
 * Whether a failure handler lets a 401 vanish: it does not rethrow, reject, check the status, sign in
 * again, exit, or pass the error on (when `passingErrorHandles`).
 */
export function swallowsError(ctx: FileContext, signIns: SignIns, handler: ErrorHandler, passingErrorHandles: boolean): boolean {
  if (handler.logOnly) return true;
  if (!handler.body) return false; // a named handler we cannot read
  const body = handler.body;
  const param = handler.param && unwrap(handler.param);
  const errorVar = param?.type === T.Identifier ? ctx.scopes.variableOf(param) : undefined;
  const errorReads = new Set<Node>(errorVar ? ctx.scopes.reads(errorVar) : []);

  // superagent .end((err, res) => ...): dropping err is the swallow.
  if (isFunction(handler.node) && handler.node.parent?.type === T.CallExpression && calleeProperty(handler.node.parent) === 'end') {
    if (errorReads.size === 0) return true;
  }

  return !someInside(body, (n) => {
    if (n.type === T.ThrowStatement) return true;
    if (n.type === T.CallExpression) {
      const path = memberPath(n.callee);
      if (path === 'Promise.reject' || path === 'reject' || path === 'process.exit' || path?.endsWith('.reject')) return true;
      if (signIns.isSignInCall(n)) return true;
      if (passingErrorHandles && n.arguments.some((a) => errorReads.has(a as Node)) && !(path && isLoggingPath(path))) return true;
    }
    if (n.type === T.MemberExpression && errorReads.size > 0) {
      const key = staticKeyName(n.property, n.computed);
      if ((key === 'status' || key === 'statusCode') && rootIsOneOf(n, errorReads)) return true;
    }
    // A response callback that reads the status (superagent's res.status, or any `.status` check).
    if (n.type === T.IfStatement && someInside(n.test, (m) => m.type === T.MemberExpression && STATUS_KEYS.has(staticKeyName(m.property, m.computed) ?? ''))) {
      return true;
    }
    return false;
  }, true);
}

function rootIsOneOf(member: Node, reads: ReadonlySet<Node>): boolean {
  return reads.has(memberRoot(member));
}

/** Catch clauses and rejection callbacks in the file (for the re-sign-in check). */
export function failureHandlers(ctx: FileContext): Array<{ node: Node; body: Node; param?: Node }> {
  const found: Array<{ node: Node; body: Node; param?: Node }> = [];
  for (const clause of ctx.catchClauses) found.push({ node: clause, body: clause.body, param: clause.param ?? undefined });
  for (const fn of ctx.functions) {
    if (isRejectionHandler(fn)) found.push({ node: fn, body: fn.body, param: fn.params[0] });
  }
  return found;
}
