import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  lastPathName,
  memberPath,
  objectProperty,
  stringLiteralValue,
  unwrap,
  type CallLike,
  type Expression,
  type FunctionNode,
  type Node,
} from './ast.js';
import { callShape, firstArgumentReadsAsTableauUrl, isTypedAxios, typedResponseCall, type CallShape, type ClientKind, type ClientRef, type TypedGuess } from './clients.js';
import type { FileContext } from './context.js';
import { headerName, TABLEAU_HEADER, tokensInHeaders, tokensWrittenIn, type TokenUse } from './headers.js';
import { isTableauBase, matchTableauResourcePath, matchTableauUrl, type TableauUrlShape } from './url.js';
import { NO_BINDINGS, type StringPart } from './values.js';

const T = AST_NODE_TYPES;

/** One HTTP request the file makes to Tableau's REST API. */
export interface TableauCall {
  /** The call that starts the request (for XMLHttpRequest: `xhr.open(...)`). */
  node: CallLike;
  /** The whole request expression, builder chain included (superagent `.set(...).send(...)`). */
  expression: Node;
  client: ClientKind;
  /** axios, got, ky, superagent reject on 4xx; fetch, XHR, node:http, undici, jQuery hand back the status. */
  throwsOnError: boolean;
  url?: { node: Node; parts: StringPart[]; shape?: TableauUrlShape };
  method?: string;
  /** The options/config expression as written (unresolved). */
  options?: Node;
  body?: Node;
  tokens: TokenUse[];
  /** Made through the session wrapper (or an axios instance attached to it): the token is managed. */
  viaWrapper: boolean;
  /** `validateStatus: () => true`, `throwHttpErrors: false`, superagent `.ok(() => true)`: 4xx resolves. */
  acceptsAnyStatus?: Node;
  instance?: ClientInstance;
}

/** An axios/got/ky default or instance, with everything set on it once for all its calls. */
export interface ClientInstance {
  key: string;
  kind: 'axios' | 'got' | 'ky';
  /** `axios.create(...)`, `got.extend(...)`, `ky.create(...)`; absent for the default export. */
  create?: TSESTree.CallExpression;
  tokens: TokenUse[];
  baseUrl?: StringPart[];
  acceptsAnyStatus?: Node;
  /** `attachToAxios(instance, session)` was called on it. */
  attached: boolean;
  /** Error callbacks of `interceptors.response.use(ok, error)`. */
  responseErrorHandlers: FunctionNode[];
  /** `interceptors.request.use(...)` callbacks. */
  requestInterceptors: FunctionNode[];
}

const CHAIN_METHODS = new Set([
  'set', 'send', 'query', 'type', 'accept', 'timeout', 'retry', 'ok', 'field', 'attach', 'withCredentials',
  'auth', 'buffer', 'parse', 'responseType', 'redirects', 'agent', 'header', 'use', 'unset', 'serialize',
]);

export function findTableauCalls(ctx: FileContext): TableauCall[] {
  const instances = new Map<string, ClientInstance>();
  const calls: TableauCall[] = [];
  for (const node of ctx.calls) {
    const call = requestCall(ctx, node, instances);
    if (call) calls.push(call);
  }
  return calls;
}

function requestCall(ctx: FileContext, node: CallLike, instances: Map<string, ClientInstance>): TableauCall | undefined {
  const shape = callShape(ctx, node);
  if (!shape) return undefined;
  return 'guess' in shape ? guessedCall(ctx, node as TSESTree.CallExpression, shape, instances) : callOfShape(ctx, node, shape, instances);
}

/**
 * A call on a client the syntax cannot trace, with types: an axios call if the checker says the client is an axios
 * instance, else a helper's call that may return a Response. The checker is costly (in typed linting it was over
 * half of the rules' time) and most such calls (`reject(error)`, `handlers.get(key)`) are Tableau calls under neither
 * reading, so it is asked only when its answer changes the result.
 */
function guessedCall(ctx: FileContext, node: TSESTree.CallExpression, shape: TypedGuess, instances: Map<string, ClientInstance>): TableauCall | undefined {
  // Read as axios on a copy of the instance map: the instances seen so far count, and a reading the checker then
  // refutes leaves no instance behind.
  const asAxios = shape.asAxios && callOfShape(ctx, node, shape.asAxios, new Map(instances));
  if (!asAxios && !firstArgumentReadsAsTableauUrl(ctx, node)) return undefined;
  if (isTypedAxios(ctx, shape.guess)) return asAxios && shape.asAxios && callOfShape(ctx, node, shape.asAxios, instances);
  const other = typedResponseCall(ctx, node);
  return other && callOfShape(ctx, node, other, instances);
}

function callOfShape(ctx: FileContext, node: CallLike, shape: CallShape, instances: Map<string, ClientInstance>): TableauCall | undefined {
  const instance = shape.ref ? clientInstance(ctx, node, shape.ref, instances) : undefined;
  const config = shape.config ? ctx.values.resolve(shape.config) : undefined;
  const configObject = config && config.node.type === T.ObjectExpression ? config.node : undefined;
  const options = shape.options ? ctx.values.resolve(shape.options) : undefined;
  const optionsObject = options && options.node.type === T.ObjectExpression ? options.node : undefined;

  // URL: an argument, or a property of the config object (axios/jQuery `url`, node:http `path`).
  let urlNode: Node | undefined = shape.url;
  if (!urlNode && configObject) urlNode = (objectProperty(configObject, 'url') ?? objectProperty(configObject, 'path') ?? objectProperty(configObject, 'uri'))?.value;
  const parts = urlNode ? ctx.values.string(urlNode) : [];
  let urlShape = matchTableauUrl(parts);
  if (!urlShape && instance?.baseUrl && parts.length > 0 && isTableauBase(instance.baseUrl) && !startsWithScheme(parts)) {
    urlShape = matchTableauUrl(parts, true);
  }
  if (!urlShape && shape.client === 'custom' && !shape.typedOnly) urlShape = matchTableauUrl(parts, true);
  if (!urlShape && shape.ref?.type === 'axios' && shape.ref.typed) urlShape = matchTableauResourcePath(parts);

  const tokens: TokenUse[] = [];
  const headerSources = [optionsObject && objectProperty(optionsObject, /^headers$/i)?.value];
  if (configObject && configObject !== optionsObject) headerSources.push(objectProperty(configObject, /^headers$/i)?.value);
  for (const source of headerSources) if (source) tokens.push(...tokensInHeaders(ctx, source, options?.bindings ?? NO_BINDINGS));
  if (instance) tokens.push(...instance.tokens);

  let expression: Node = node;
  let acceptsAnyStatus = instance?.acceptsAnyStatus;
  let body: Node | undefined = shape.body;
  switch (shape.client) {
    case 'xhr': {
      const xhr = shape.ref?.type === 'xhr' ? ctx.objectKey(shape.ref.instance) : undefined;
      for (const write of ctx.writesTo(xhr)) {
        if (write.key && headerName(ctx, write.key, true) === TABLEAU_HEADER) {
          tokens.push({ value: write.value as Expression, header: write.node, form: 'header', shared: false, literal: stringLiteralValue(write.value) !== undefined });
        }
      }
      break;
    }
    case 'superagent': {
      // Walk up the builder chain: request.get(url).set(...).send(...).
      for (;;) {
        const parent: Node | undefined = expression.parent;
        if (parent?.type !== T.MemberExpression || parent.object !== expression) break;
        const call: Node | undefined = parent.parent;
        const method = staticName(parent);
        if (call?.type !== T.CallExpression || call.callee !== parent || !method || !CHAIN_METHODS.has(method)) break;
        if (method === 'set' && call.arguments.length >= 2) {
          const name = headerName(ctx, call.arguments[0], true);
          if (name === TABLEAU_HEADER) {
            tokens.push({ value: call.arguments[1] as Expression, header: call, form: 'header', shared: false, literal: stringLiteralValue(call.arguments[1]) !== undefined });
          }
        } else if (method === 'set' && call.arguments[0]) {
          tokens.push(...tokensInHeaders(ctx, call.arguments[0]));
        } else if (method === 'send' && call.arguments[0]) {
          body = call.arguments[0];
        } else if (method === 'ok' && call.arguments[0] && alwaysTrue(ctx, call.arguments[0])) {
          acceptsAnyStatus = call;
        }
        expression = call;
      }
      break;
    }
    case 'jquery': {
      const beforeSend = configObject && objectProperty(configObject, 'beforeSend');
      const fn = beforeSend && ctx.functionOf(beforeSend.value);
      if (fn) tokens.push(...tokensWrittenIn(ctx, fn));
      break;
    }
    default:
  }

  // Body and status policy from the options object.
  const policy = optionsObject ?? configObject;
  if (policy) {
    body ??= (objectProperty(policy, 'body') ?? objectProperty(policy, 'data') ?? objectProperty(policy, 'json') ?? objectProperty(policy, 'form'))?.value;
    const validate = objectProperty(policy, 'validateStatus');
    if (validate && (isNull(validate.value) || alwaysTrue(ctx, validate.value))) acceptsAnyStatus = validate;
    const throwHttp = objectProperty(policy, 'throwHttpErrors');
    if (throwHttp && isFalse(throwHttp.value)) acceptsAnyStatus = throwHttp;
  }
  const method = shape.method ?? (policy ? methodOf(objectProperty(policy, /^(method|type)$/)?.value) : undefined);

  const endpoint = urlShape?.endpoint ?? (body && looksLikeSignInBody(ctx, body) ? 'signin' : undefined);
  const viaWrapper = shape.client === 'wrapper' || !!instance?.attached;
  const tableau = !!urlShape || !!endpoint || tokens.length > 0 || (shape.client === 'custom' && !shape.typedOnly) || shape.client === 'wrapper';
  if (!tableau) return undefined;
  if (!urlShape && endpoint) urlShape = { endpoint };
  return {
    node,
    expression,
    client: shape.client,
    throwsOnError: shape.throwsOnError && !acceptsAnyStatus,
    url: urlNode ? { node: urlNode, parts, shape: urlShape } : urlShape ? { node, parts, shape: urlShape } : undefined,
    method,
    options: shape.options ?? shape.config,
    body,
    tokens: dedupeTokens(tokens),
    viaWrapper,
    acceptsAnyStatus,
    instance,
  };
}

function startsWithScheme(parts: readonly StringPart[]): boolean {
  return typeof parts[0] === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(parts[0]);
}

function staticName(member: TSESTree.MemberExpression): string | undefined {
  return !member.computed && member.property.type === T.Identifier ? member.property.name : undefined;
}

function dedupeTokens(tokens: TokenUse[]): TokenUse[] {
  const seen = new Set<Node>();
  return tokens.filter((t) => (seen.has(t.value) ? false : (seen.add(t.value), true)));
}

function methodOf(node: Node | undefined): string | undefined {
  const v = stringLiteralValue(node);
  return v?.toLowerCase();
}

function isNull(node: Node): boolean {
  const n = unwrap(node);
  return n.type === T.Literal && n.value === null;
}

function isFalse(node: Node): boolean {
  const n = unwrap(node);
  return n.type === T.Literal && n.value === false;
}

/** `() => true`, `(s) => true`, `function () { return true; }`. */
function alwaysTrue(ctx: FileContext, node: Node): boolean {
  const fn = ctx.functionOf(node);
  if (!fn) return false;
  const returns = ctx.values.returnedExpressions(fn);
  return returns.length > 0 && returns.every((r) => {
    const v = unwrap(r);
    return v.type === T.Literal && v.value === true;
  });
}

/** A sign-in body: `{ credentials: ... }` (JSON, possibly stringified) or an XML `<credentials ...>`. */
export function looksLikeSignInBody(ctx: FileContext, body: Node): boolean {
  const resolved = ctx.values.resolve(body).node;
  let target: Node = resolved;
  if (target.type === T.CallExpression && memberPath(target.callee) === 'JSON.stringify' && target.arguments[0]) {
    target = ctx.values.resolve(target.arguments[0]).node;
  }
  if (target.type === T.ObjectExpression) return !!objectProperty(target, 'credentials');
  const text = ctx.values.string(resolved).filter((p): p is string => typeof p === 'string').join('');
  return /<credentials[\s>]/i.test(text) && /<tsRequest/i.test(text);
}

/** The default axios, an axios/got/ky instance, with its defaults, interceptors, hooks and base URL. */
function clientInstance(ctx: FileContext, call: CallLike, ref: ClientRef, cache: Map<string, ClientInstance>): ClientInstance | undefined {
  if (ref.type !== 'axios' && ref.type !== 'got' && ref.type !== 'ky') return undefined;
  // The instance as read at this call: `api` in api.get(...), `this.http` in this.http(...), `axios` for the default.
  const callee = unwrap(call.callee);
  const key = ctx.objectKey(ref.instance ?? (callee.type === T.MemberExpression ? callee.object : callee));
  if (!key) return undefined;
  const cached = cache.get(key);
  if (cached) return cached;
  const instance: ClientInstance = {
    key,
    kind: ref.type,
    create: ref.create,
    tokens: [],
    attached: false,
    responseErrorHandlers: [],
    requestInterceptors: [],
  };
  cache.set(key, instance);

  const createOptions = ref.create?.arguments[0] ? ctx.values.resolve(ref.create.arguments[0]).node : undefined;
  if (createOptions?.type === T.ObjectExpression) {
    const headers = objectProperty(createOptions, /^headers$/i)?.value;
    if (headers) {
      instance.tokens.push(...tokensInHeaders(ctx, headers, NO_BINDINGS, true));
      const resolved = ctx.values.resolve(headers).node;
      if (resolved.type === T.ObjectExpression) {
        for (const p of resolved.properties) {
          if (p.type === T.Property && /^(common|get|post|put|patch|delete)$/.test(String(p.key.type === T.Identifier ? p.key.name : ''))) {
            instance.tokens.push(...tokensInHeaders(ctx, p.value, NO_BINDINGS, true));
          }
        }
      }
    }
    const base = objectProperty(createOptions, /^(baseURL|prefixUrl|prefixURL)$/);
    if (base) instance.baseUrl = ctx.values.string(base.value);
    const validate = objectProperty(createOptions, 'validateStatus');
    if (validate && (isNull(validate.value) || alwaysTrue(ctx, validate.value))) instance.acceptsAnyStatus = validate;
    const throwHttp = objectProperty(createOptions, 'throwHttpErrors');
    if (throwHttp && isFalse(throwHttp.value)) instance.acceptsAnyStatus = throwHttp;
    const hooks = objectProperty(createOptions, 'hooks')?.value;
    const hooksObject = hooks && ctx.values.resolve(hooks).node;
    if (hooksObject?.type === T.ObjectExpression) {
      const before = objectProperty(hooksObject, /^(beforeRequest|init)$/)?.value;
      const list = before && ctx.values.resolve(before).node;
      if (list?.type === T.ArrayExpression) {
        for (const el of list.elements) {
          const fn = el && el.type !== T.SpreadElement ? ctx.functionOf(el) : undefined;
          if (fn) instance.tokens.push(...tokensWrittenIn(ctx, fn));
        }
      }
    }
  }

  // Defaults set after creation: K.defaults.headers(.common|.get...)[X] = v, K.defaults.headers.common = {...}, K.defaults.baseURL = ...
  for (const path of ['defaults.headers', 'defaults.headers.common', 'defaults.headers.get', 'defaults.headers.post']) {
    for (const write of ctx.writesTo(`${key}.${path}`)) {
      if (write.merge) {
        instance.tokens.push(...tokensInHeaders(ctx, write.value, NO_BINDINGS, true));
        continue;
      }
      if (!write.key) continue;
      const name = headerName(ctx, write.key, write.computed);
      if (name === TABLEAU_HEADER) {
        instance.tokens.push({ value: write.value as Expression, header: write.node, form: 'header', shared: true, literal: stringLiteralValue(write.value) !== undefined });
      } else if (name && /^(common|get|post|put|patch|delete)$/.test(name)) {
        instance.tokens.push(...tokensInHeaders(ctx, write.value, NO_BINDINGS, true));
      }
    }
  }
  for (const write of ctx.writesTo(`${key}.defaults`)) {
    if (!write.key) continue;
    const name = headerName(ctx, write.key, write.computed);
    if (name === 'headers') instance.tokens.push(...tokensInHeaders(ctx, write.value, NO_BINDINGS, true));
    if (name === 'baseurl' || name === 'prefixurl') instance.baseUrl = ctx.values.string(write.value);
    if (name === 'validatestatus' && (isNull(write.value) || alwaysTrue(ctx, write.value))) instance.acceptsAnyStatus = write.node;
  }

  for (const { call: c, path, target } of instanceSetupCalls(ctx)) {
    if (target !== key) continue;
    if (path.endsWith('.interceptors.request.use') || path.endsWith('.interceptors.response.use')) {
      const [onFulfilled, onRejected] = c.arguments.map((a) => ctx.functionOf(a));
      if (path.endsWith('.request.use') && onFulfilled) {
        instance.requestInterceptors.push(onFulfilled);
        instance.tokens.push(...tokensWrittenIn(ctx, onFulfilled));
      }
      if (path.endsWith('.response.use') && onRejected) instance.responseErrorHandlers.push(onRejected);
    } else {
      instance.attached = true;
    }
  }
  return instance;
}

const setupCallsByFile = new WeakMap<FileContext, Array<{ call: TSESTree.CallExpression; path: string; target: string | undefined }>>();

/**
 * `K.interceptors.request.use(...)`, `K.interceptors.response.use(...)` and `attachToAxios(K, ...)` calls,
 * with the key of the instance K they set up: found once per file, then matched to instances by key.
 */
function instanceSetupCalls(ctx: FileContext): Array<{ call: TSESTree.CallExpression; path: string; target: string | undefined }> {
  let found = setupCallsByFile.get(ctx);
  if (found) return found;
  found = [];
  for (const c of ctx.calls) {
    if (c.type !== T.CallExpression) continue;
    // Both shapes end in a name (`...use`, `...attachToAxios`): look at the callee's last name before building
    // its dotted path, which most calls of a file would otherwise pay for.
    const last = lastPathName(c.callee);
    if (last === undefined || !(last.endsWith('use') || last.endsWith('attachToAxios'))) continue;
    const path = memberPath(c.callee);
    if (!path) continue;
    if (path.endsWith('.interceptors.request.use') || path.endsWith('.interceptors.response.use')) {
      const interceptors = ((unwrap(c.callee) as TSESTree.MemberExpression).object as TSESTree.MemberExpression).object as TSESTree.MemberExpression;
      found.push({ call: c, path, target: ctx.objectKey(interceptors.object) });
    } else if (/(^|\.)attachToAxios$/.test(path) && c.arguments[0]) {
      found.push({ call: c, path, target: ctx.objectKey(c.arguments[0]) });
    }
  }
  setupCallsByFile.set(ctx, found);
  return found;
}
