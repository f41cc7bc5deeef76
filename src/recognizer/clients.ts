import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import { calleeProperty, memberPath, staticKeyName, unwrap, type CallLike, type Node } from './ast.js';
import type { FileContext } from './context.js';
import { requiredModule } from './scope.js';
import { matchTableauResourcePath, matchTableauUrl } from './url.js';
import { matchingName, pathMatches } from './settings.js';

const T = AST_NODE_TYPES;

export type ClientKind =
  | 'fetch'
  | 'node-fetch'
  | 'undici'
  | 'axios'
  | 'got'
  | 'ky'
  | 'superagent'
  | 'jquery'
  | 'xhr'
  | 'http'
  | 'custom'
  | 'wrapper';

/** What an expression refers to, as far as HTTP goes. */
export type ClientRef =
  | { type: 'fetch'; client: 'fetch' | 'node-fetch' | 'undici' }
  | { type: 'undici-request' }
  | { type: 'undici-namespace' }
  /** `typed`: known only through its type, so its base URL is unknown. */
  | { type: 'axios'; instance?: Node; create?: TSESTree.CallExpression; typed?: boolean }
  | { type: 'got' | 'ky'; instance?: Node; create?: TSESTree.CallExpression }
  | { type: 'superagent' }
  | { type: 'jquery' }
  | { type: 'http' }
  | { type: 'xhr'; instance: Node }
  | { type: 'global-object' }
  | { type: 'session'; factory: string; create?: Node };

const FETCH_MODULES: Record<string, 'node-fetch'> = {
  'node-fetch': 'node-fetch',
  'cross-fetch': 'node-fetch',
  'isomorphic-fetch': 'node-fetch',
  'isomorphic-unfetch': 'node-fetch',
  'make-fetch-happen': 'node-fetch',
};

const HTTP_METHODS = new Set(['get', 'delete', 'head', 'options', 'post', 'put', 'patch']);
/** Every method name through which some client sends a request (see callShape). */
const REQUEST_METHODS = new Set([...HTTP_METHODS, 'postForm', 'putForm', 'patchForm', 'request', 'del', 'ajax', 'getJSON', 'open', 'fetch']);

/**
 * Resolves what a callee or receiver is: a fetch function, an axios/got/ky default or instance, a
 * superagent or jQuery namespace, a node:http module, an XMLHttpRequest, or a Tableau session from the
 * wrapper. Follows imports, `require`, single-value variables and `this.x` fields set once.
 */
export function clientRef(ctx: FileContext, node: Node): ClientRef | undefined {
  return tracedClientRef(ctx, node) ?? (isTypedAxios(ctx, node) ? typedAxiosRef() : undefined);
}

/** An axios client known only through its type (so its base URL and defaults are unknown). */
const typedAxiosRef = (): ClientRef => ({ type: 'axios', typed: true });

/** `clientRef` as far as the syntax traces it, without asking the checker. */
function tracedClientRef(ctx: FileContext, node: Node): ClientRef | undefined {
  const cached = ctx.clientRefs.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const ref = ctx.spend() ? resolveClientRef(ctx, node, 0) : undefined;
  ctx.clientRefs.set(node, ref ?? null);
  return ref;
}

/** An axios instance the syntax cannot trace (a parameter, an import) is still one by its type. */
export function isTypedAxios(ctx: FileContext, node: Node): boolean {
  if (!ctx.types || !isReference(node)) return false;
  let known = ctx.typedAxios.get(node);
  if (known === undefined) {
    known = ctx.types.isAxiosClient(node);
    ctx.typedAxios.set(node, known);
  }
  return known;
}

function resolveClientRef(ctx: FileContext, node: Node, depth: number): ClientRef | undefined {
  const n = unwrap(node);
  if (depth > 6 || !ctx.spend()) return undefined;
  if (n.type === T.Identifier) {
    const variable = ctx.scopes.variableOf(n);
    if (!variable || variable.defs.length === 0) return globalRef(n.name);
    const origin = ctx.scopes.importOrigin(variable);
    if (origin) return moduleRef(origin.source, origin.imported);
    const value = ctx.scopes.singleValue(variable);
    if (value) {
      const ref = resolveClientRef(ctx, value, depth + 1);
      return ref && withInstance(ref, n);
    }
    // `let api; api = axios.create(...)` assigned later: a write that creates a client names it.
    for (const written of ctx.scopes.writtenValues(variable)) {
      const ref = createdClient(ctx, written, depth);
      if (ref) return withInstance(ref, n);
    }
    return undefined;
  }
  if (n.type === T.MemberExpression) {
    const path = memberPath(n);
    if (path === 'window' || path === 'globalThis' || path === 'self' || path === 'global') return { type: 'global-object' };
    if (n.object.type === T.ThisExpression) {
      const value = ctx.values.thisFieldValue(n);
      const ref = value ? resolveClientRef(ctx, value, depth + 1) : thisFieldAssignedClient(ctx, n, depth);
      return ref && withInstance(ref, n);
    }
    const object = resolveClientRef(ctx, n.object, depth + 1);
    const prop = path?.split('.').pop();
    if (object?.type === 'global-object') {
      if (prop === 'fetch') return { type: 'fetch', client: 'fetch' };
      return globalRef(prop ?? '');
    }
    if (object?.type === 'undici-namespace') {
      if (prop === 'fetch') return { type: 'fetch', client: 'undici' };
      if (prop === 'request') return { type: 'undici-request' };
    }
    if ((object?.type === 'axios' || object?.type === 'got' || object?.type === 'ky') && prop === 'default') return object;
    return undefined;
  }
  if (n.type === T.CallExpression) {
    const required = requiredModule(n); // require('node-fetch')(url, ...)
    return required ? moduleRef(required.source, required.imported) : createdClient(ctx, n, depth);
  }
  if (n.type === T.NewExpression && memberPath(n.callee) === 'XMLHttpRequest') return { type: 'xhr', instance: n };
  if (n.type === T.AwaitExpression) return resolveClientRef(ctx, n.argument, depth + 1);
  return undefined;
}

function isReference(node: Node): boolean {
  const n = unwrap(node);
  return n.type === T.Identifier || (n.type === T.MemberExpression && !n.computed);
}

/** A client made by this expression: `axios.create()`, `got.extend()`, `ky.create()`, a session factory, `new XMLHttpRequest()`. */
function createdClient(ctx: FileContext, node: Node, depth: number): ClientRef | undefined {
  const n = unwrap(node);
  if (n.type === T.NewExpression) return memberPath(n.callee) === 'XMLHttpRequest' ? { type: 'xhr', instance: n } : undefined;
  if (n.type !== T.CallExpression) return undefined;
  const method = calleeProperty(n);
  const callee = unwrap(n.callee);
  if (callee.type === T.MemberExpression && (method === 'create' || method === 'extend')) {
    const base = resolveClientRef(ctx, callee.object, depth + 1);
    if (base?.type === 'axios' && method === 'create') return { type: 'axios', create: n };
    if ((base?.type === 'got' && method === 'extend') || (base?.type === 'ky' && (method === 'create' || method === 'extend'))) {
      return { type: base.type, create: n };
    }
  }
  const wrapper = matchingName(callee, ctx.settings.sessionWrappers);
  return wrapper ? { type: 'session', factory: wrapper, create: n } : undefined;
}

/** `this.http` assigned in a method other than the constructor, e.g. `this.http = axios.create(...)` in `init()`. */
function thisFieldAssignedClient(ctx: FileContext, member: TSESTree.MemberExpression, depth: number): ClientRef | undefined {
  const key = ctx.objectKey(member);
  for (const write of ctx.writesTo(key && key.slice(0, key.lastIndexOf('.')))) {
    if (write.key && staticKeyName(write.key, write.computed) === staticKeyName(member.property, member.computed)) {
      const ref = createdClient(ctx, write.value, depth);
      if (ref) return ref;
    }
  }
  return undefined;
}

function withInstance(ref: ClientRef, reader: Node): ClientRef {
  if ((ref.type === 'axios' || ref.type === 'got' || ref.type === 'ky') && ref.create) return { ...ref, instance: reader };
  if (ref.type === 'xhr') return { type: 'xhr', instance: reader };
  if (ref.type === 'session') return { ...ref, create: ref.create ?? reader };
  return ref;
}

function globalRef(name: string): ClientRef | undefined {
  switch (name) {
    case 'fetch':
      return { type: 'fetch', client: 'fetch' };
    case 'axios':
      return { type: 'axios' };
    case '$':
    case 'jQuery':
      return { type: 'jquery' };
    case 'superagent':
      return { type: 'superagent' };
    case 'window':
    case 'globalThis':
    case 'self':
    case 'global':
      return { type: 'global-object' };
    default:
      return undefined;
  }
}

function moduleRef(source: string, imported: string): ClientRef | undefined {
  const fetchLike = FETCH_MODULES[source];
  if (fetchLike && (imported === 'default' || imported === '*' || imported === 'fetch' || imported === 'default.default')) {
    return { type: 'fetch', client: fetchLike };
  }
  switch (source) {
    case 'undici':
      if (imported === 'fetch') return { type: 'fetch', client: 'undici' };
      if (imported === 'request') return { type: 'undici-request' };
      if (imported === '*' || imported === 'default') return { type: 'undici-namespace' };
      return undefined;
    case 'axios':
      return imported === 'default' || imported === '*' ? { type: 'axios' } : undefined;
    case 'got':
      return imported === 'default' || imported === '*' || imported === 'got' ? { type: 'got' } : undefined;
    case 'ky':
    case 'ky-universal':
      return imported === 'default' || imported === '*' ? { type: 'ky' } : undefined;
    case 'superagent':
      return imported === 'default' || imported === '*' ? { type: 'superagent' } : undefined;
    case 'jquery':
      return imported === 'default' || imported === '*' ? { type: 'jquery' } : undefined;
    case 'http':
    case 'https':
    case 'node:http':
    case 'node:https':
      if (imported === 'default' || imported === '*') return { type: 'http' };
      return undefined;
    default:
      return undefined;
  }
}

/** How a request call passes its parts, once its client is known. */
export interface CallShape {
  client: ClientKind;
  ref?: ClientRef;
  url?: Node;
  options?: Node;
  body?: Node;
  method?: string;
  /** axios(config) / instance.request(config) / $.ajax(settings): the URL is a property of this object. */
  config?: Node;
  throwsOnError: boolean;
  /** Recognised only through its type: a Tableau call only if its URL says so. */
  typedOnly?: boolean;
}

/**
 * A call on a client the syntax cannot trace (a parameter, an import), when types are at hand: an axios call
 * (`asAxios`) if the checker says `guess` is an axios instance, else a helper's call that may return a Response.
 */
export interface TypedGuess {
  guess: Node;
  asAxios: CallShape | undefined;
}

/** Recognises a call as an HTTP request and tells where its URL, options and body are. */
export function callShape(ctx: FileContext, call: CallLike): CallShape | TypedGuess | undefined {
  const callee = unwrap(call.callee);
  const args = call.arguments;
  if (call.type === T.NewExpression) return undefined;

  const custom = customClient(ctx, callee);
  if (custom) return { client: 'custom', url: args[0], options: args[1], throwsOnError: custom.throwsOnError };

  // Most calls in a file are not requests (console.log, list.map, res.json): a method no client has ends the
  // question before any resolving (with types, a helper of any name may still return a Response).
  if (callee.type === T.MemberExpression) {
    const method = staticKeyName(callee.property, callee.computed);
    if (method !== undefined && !REQUEST_METHODS.has(method)) return typedResponseCall(ctx, call);
  }

  if (callee.type !== T.MemberExpression) {
    const ref = tracedClientRef(ctx, callee);
    return ref ? directShape(ctx, call, ref) : guess(ctx, call, callee, () => directShape(ctx, call, typedAxiosRef()));
  }

  const method = calleeProperty(call);
  if (method === undefined) return undefined;
  const ref = tracedClientRef(ctx, callee.object);
  return ref ? methodShape(ctx, call, ref, method) : guess(ctx, call, callee.object, () => methodShape(ctx, call, typedAxiosRef(), method));
}

/**
 * A call on a client the syntax cannot trace: with types, a TypedGuess (whether `client` is an axios instance is
 * left to requestCall, which asks the checker only when the answer matters); else a helper's call that may return
 * a Response (typedResponseCall, which has no answer without types either).
 */
function guess(ctx: FileContext, call: TSESTree.CallExpression, client: Node, asAxios: () => CallShape | undefined): CallShape | TypedGuess | undefined {
  if (!ctx.types || !isReference(client)) return typedResponseCall(ctx, call);
  return { guess: client, asAxios: asAxios() };
}

/** `client(...)`: a call of the client itself. */
function directShape(ctx: FileContext, call: TSESTree.CallExpression, ref: ClientRef): CallShape | undefined {
  const args = call.arguments;
  switch (ref.type) {
    case 'fetch':
      return { client: ref.client, ref, url: args[0], options: args[1], throwsOnError: false };
    case 'undici-request':
      return { client: 'undici', ref, url: args[0], options: args[1], throwsOnError: false };
    case 'axios':
      return isObjectish(ctx, args[0])
        ? { client: 'axios', ref, config: args[0], options: args[0], throwsOnError: true }
        : { client: 'axios', ref, url: args[0], options: args[1], config: args[1], throwsOnError: true };
    case 'got':
    case 'ky':
      return { client: ref.type, ref, url: args[0], options: args[1], throwsOnError: true };
    case 'superagent':
      // superagent('GET', url)
      return { client: 'superagent', ref, url: args[1] ?? args[0], method: methodLiteral(args[0]), throwsOnError: true };
    default:
      return undefined;
  }
}

/** `client.method(...)`. */
function methodShape(ctx: FileContext, call: TSESTree.CallExpression, ref: ClientRef, method: string): CallShape | undefined {
  const args = call.arguments;
  switch (ref.type) {
    case 'global-object':
      return method === 'fetch' ? { client: 'fetch', url: args[0], options: args[1], throwsOnError: false } : undefined;
    case 'undici-namespace':
      if (method === 'fetch') return { client: 'undici', url: args[0], options: args[1], throwsOnError: false };
      if (method === 'request') return { client: 'undici', url: args[0], options: args[1], throwsOnError: false };
      return undefined;
    case 'axios':
      if (method === 'request') return { client: 'axios', ref, config: args[0], options: args[0], throwsOnError: true };
      if (method === 'get' || method === 'delete' || method === 'head' || method === 'options') {
        return { client: 'axios', ref, url: args[0], options: args[1], config: args[1], method, throwsOnError: true };
      }
      if (/^(post|put|patch)(Form)?$/.test(method)) {
        return { client: 'axios', ref, url: args[0], body: args[1], options: args[2], config: args[2], method: method.replace('Form', ''), throwsOnError: true };
      }
      return undefined;
    case 'got':
    case 'ky':
      return HTTP_METHODS.has(method)
        ? { client: ref.type, ref, url: args[0], options: args[1], method, throwsOnError: true }
        : undefined;
    case 'superagent':
      return HTTP_METHODS.has(method) || method === 'del'
        ? { client: 'superagent', ref, url: args[0], method: method === 'del' ? 'delete' : method, throwsOnError: true }
        : undefined;
    case 'jquery':
      if (method === 'ajax') {
        return isObjectish(ctx, args[0])
          ? { client: 'jquery', ref, config: args[0], options: args[0], throwsOnError: false }
          : { client: 'jquery', ref, url: args[0], config: args[1], options: args[1], throwsOnError: false };
      }
      if (method === 'get' || method === 'getJSON' || method === 'post') {
        return isObjectish(ctx, args[0])
          ? { client: 'jquery', ref, config: args[0], options: args[0], throwsOnError: false }
          : { client: 'jquery', ref, url: args[0], method: method === 'post' ? 'post' : 'get', throwsOnError: false };
      }
      return undefined;
    case 'http':
      if (method !== 'request' && method !== 'get') return undefined;
      // http.request(options[, cb]) or http.request(url[, options][, cb])
      return isObjectish(ctx, args[0])
        ? { client: 'http', ref, config: args[0], options: args[0], method: method === 'get' ? 'get' : undefined, throwsOnError: false }
        : { client: 'http', ref, url: args[0], options: isObjectish(ctx, args[1]) ? args[1] : undefined, method: method === 'get' ? 'get' : undefined, throwsOnError: false };
    case 'xhr':
      return method === 'open' ? { client: 'xhr', ref, url: args[1], method: methodLiteral(args[0]), throwsOnError: false } : undefined;
    case 'session':
      return method === 'fetch' ? { client: 'wrapper', ref, url: args[0], options: args[1], throwsOnError: false } : undefined;
    default:
      return undefined;
  }
}

/**
 * With types: a helper from elsewhere that returns a fetch `Response` (`tableauGet(url): Promise<Response>`)
 * is a status-style request; whether it is a Tableau call is still decided by its URL.
 */
export function typedResponseCall(ctx: FileContext, call: TSESTree.CallExpression): CallShape | undefined {
  // The checker is costly: ask it only about calls whose first argument already reads as a Tableau URL.
  if (!ctx.types || !firstArgumentReadsAsTableauUrl(ctx, call) || !ctx.types.returnsResponse(call)) return undefined;
  return { client: 'custom', url: call.arguments[0], options: call.arguments[1], throwsOnError: false, typedOnly: true };
}

/** Whether a call's first argument reads as a Tableau URL or REST resource path (what typedResponseCall needs). */
export function firstArgumentReadsAsTableauUrl(ctx: FileContext, call: TSESTree.CallExpression): boolean {
  const url = call.arguments[0];
  if (!url || url.type === T.SpreadElement) return false;
  const parts = ctx.values.string(url);
  return !!(matchTableauUrl(parts) || matchTableauResourcePath(parts));
}

function customClient(ctx: FileContext, callee: Node): { throwsOnError: boolean } | undefined {
  if (ctx.settings.clients.length === 0) return undefined;
  const path = memberPath(callee);
  return ctx.settings.clients.find((c) => pathMatches(path, c.name));
}

function isObjectish(ctx: FileContext, node: Node | undefined): boolean {
  if (!node || node.type === T.SpreadElement) return false;
  return ctx.values.resolve(node).node.type === T.ObjectExpression;
}

function methodLiteral(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  return n.type === T.Literal && typeof n.value === 'string' ? n.value.toLowerCase() : undefined;
}
