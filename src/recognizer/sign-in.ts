import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  calleeProperty,
  enclosingClass,
  isFunction,
  memberPath,
  staticKeyName,
  unwrap,
  type CallLike,
  type FunctionNode,
  type Node,
} from './ast.js';
import type { TableauCall } from './calls.js';
import { clientRef } from './clients.js';
import { isExpiryTest, isStatusTest } from './conditions.js';
import type { FileContext } from './context.js';
import { pathMatches } from './settings.js';

const T = AST_NODE_TYPES;

/** Names that say "sign in again", used for functions imported from elsewhere that we cannot read. */
const SIGN_IN_NAME = /^(re)?(sign_?in|log_?in|authenticate|auth|re_?auth(enticate|orize)?|refresh(token|session|auth)?|(get|fetch|create)(new|fresh)?(auth)?(token|session))$/i;
/** A function whose name says it manages auth, and which calls a sign-in function, signs in too. */
const AUTH_HELPER_NAME = /sign_?in|log_?in|auth|token|session|credential|refresh|connect/i;

/** Where a re-sign-in sits: the handler or condition that leads to it. */
export interface RefreshPath {
  signIn: CallLike;
  kind: 'error' | 'status' | 'expiry';
  /** The class whose code contains it (for class-field tokens). */
  cls?: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
}

export class SignIns {
  /** Functions that sign in: they make the `auth/signin` call, or call one that does and are named for it. */
  readonly functions = new Set<FunctionNode>();
  private readonly names = new Set<string>();
  readonly refreshPaths: RefreshPath[] = [];
  /**
   * Once constructed: the file's calls that sign in. Every call of the file (`ctx.calls`) is decided by then, so a
   * call outside this set does not sign in, and the set holds the few that do rather than a verdict per call.
   */
  private signingCalls?: Set<CallLike>;

  constructor(
    private readonly ctx: FileContext,
    private readonly signInCalls: ReadonlySet<CallLike>,
  ) {
    for (const name of ctx.settings.signInFunctions) this.names.add(name);
    for (const call of signInCalls) this.addOwner(call);
    // Helpers like ensureToken()/getToken() that call signIn(): one level of auth-named callers at a time.
    // Only calls made inside auth-named functions can add one, so only those are looked at again.
    const inAuthHelpers: Array<{ call: TSESTree.CallExpression; owner: FunctionNode; name: string }> = [];
    for (const owner of ctx.functions) {
      const name = ctx.functionName(owner);
      if (!name || !AUTH_HELPER_NAME.test(name)) continue;
      for (const call of ctx.callsWithin(owner)) {
        if (call.type === T.CallExpression && ownerFunction(call) === owner) inAuthHelpers.push({ call, owner, name });
      }
    }
    for (let round = 0; round < 3; round++) {
      let added = false;
      for (const { call, owner, name } of inAuthHelpers) {
        if (this.functions.has(owner) || !this.isSignInCall(call)) continue;
        this.functions.add(owner);
        this.names.add(name);
        added = true;
      }
      if (!added) break;
    }
    // From here on the answer for a call no longer changes: decide every call once and remember the ones that sign in.
    const signing = new Set<CallLike>();
    for (const call of ctx.calls) {
      if (this.decideSignInCall(call)) {
        signing.add(call);
        if (call.type !== T.CallExpression) continue;
        const path = refreshPathOf(call);
        if (path) this.refreshPaths.push({ signIn: call, kind: path, cls: enclosingClass(call) });
      }
    }
    this.signingCalls = signing;
  }

  private addOwner(call: CallLike): void {
    const owner = ownerFunction(call);
    if (!owner) return;
    this.functions.add(owner);
    const name = this.ctx.functionName(owner);
    if (name) this.names.add(name);
  }

  /** A call that signs in: the sign-in request itself, a sign-in function of this file, or one named for it. */
  isSignInCall(call: CallLike): boolean {
    return this.signingCalls ? this.signingCalls.has(call) : this.decideSignInCall(call);
  }

  private decideSignInCall(call: CallLike): boolean {
    if (this.signInCalls.has(call)) return true;
    if (call.type !== T.CallExpression) return false;
    const fn = this.ctx.values.calledFunction(call.callee);
    if (fn && this.functions.has(fn)) return true;
    const callee = unwrap(call.callee);
    const name = callee.type === T.Identifier ? callee.name : calleeProperty(call);
    if (name === undefined) return false;
    if (this.names.has(name)) return true;
    // The callee's dotted path is built only when the settings name sign-in functions to match it against.
    const signInFunctions = this.ctx.settings.signInFunctions;
    if (signInFunctions.length > 0) {
      const path = memberPath(callee);
      if (signInFunctions.some((s) => pathMatches(path, s))) return true;
    }
    // The wrapper's own session.signIn().
    if (callee.type === T.MemberExpression && name === 'signIn' && clientRef(this.ctx, callee.object)?.type === 'session') return true;
    // A function we cannot read (imported, or a method of another object) whose name says it signs in.
    return !fn && SIGN_IN_NAME.test(name);
  }

  hasRefreshPath(scope: { cls?: Node }, kinds: ReadonlyArray<RefreshPath['kind']>): boolean {
    return this.refreshPaths.some((p) => kinds.includes(p.kind) && (!scope.cls || p.cls === scope.cls));
  }
}

export function signInCallsOf(calls: readonly TableauCall[]): Set<CallLike> {
  return new Set(calls.filter((c) => c.url?.shape?.endpoint === 'signin').map((c) => c.node));
}

/**
 * The function a call belongs to, skipping inline callbacks (`.then(r => ...)`) so a sign-in written as
 * a promise chain still belongs to `signIn()`.
 */
export function ownerFunction(node: Node): FunctionNode | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunction(n)) continue;
    if (n.parent?.type === T.CallExpression && n.parent.arguments.includes(n as TSESTree.Expression)) continue;
    return n;
  }
  return undefined;
}

/**
 * Functions that run when a request fails: `.catch(fn)`, `.then(ok, fn)`, `.fail(fn)`,
 * `interceptors.response.use(ok, fn)`, and jQuery's `error: fn` setting.
 */
export function isRejectionHandler(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type === T.Property && call.value === fn && staticKeyName(call.key, call.computed) === 'error') {
    const settings = call.parent;
    const ajax = settings?.parent;
    return ajax?.type === T.CallExpression && /(^|\.)(ajax|get|post|getJSON)$/.test(memberPath(ajax.callee) ?? '') && /^(\$|jQuery)\./.test(memberPath(ajax.callee) ?? '');
  }
  if (call?.type !== T.CallExpression || call.callee === fn) return false;
  const method = calleeProperty(call);
  const index = call.arguments.indexOf(fn as TSESTree.Expression);
  if (method === 'catch' && index === 0) return true;
  if (method === 'then' && index === 1) return true;
  if (method === 'use' && index === 1 && memberPath(call.callee)?.endsWith('.interceptors.response.use')) return true;
  return method === 'fail' || method === 'error';
}

/** Why a sign-in runs where it does, looking outward from it to the end of its function. */
function refreshPathOf(call: Node): RefreshPath['kind'] | undefined {
  let kind: RefreshPath['kind'] | undefined;
  let child: Node = call;
  for (let n = call.parent; n; child = n, n = n.parent) {
    if (n.type === T.CatchClause && child === n.body) return 'error';
    if (isFunction(n)) return isRejectionHandler(n) ? 'error' : kind;
    const tests = branchTests(n, child);
    if (tests.some(isStatusTest)) kind = 'status';
    else if (!kind && tests.some(isExpiryTest)) kind = 'expiry';
  }
  return kind;
}

/** The conditions that decide whether `child` (a branch of `n`) runs; empty when it always runs. */
export function branchTests(n: Node, child: Node): Node[] {
  switch (n.type) {
    case T.IfStatement:
    case T.ConditionalExpression:
      return child !== n.test ? [n.test] : [];
    case T.LogicalExpression:
      return child === n.right ? [n.left] : [];
    case T.SwitchCase: {
      const sw = n.parent as TSESTree.SwitchStatement;
      return n.test ? [sw.discriminant, n.test] : [sw.discriminant];
    }
    case T.WhileStatement:
    case T.DoWhileStatement:
      return child === n.body ? [n.test] : [];
    default:
      return [];
  }
}
