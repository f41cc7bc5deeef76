import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  byStart,
  contains,
  isConstantTrue,
  isFunction,
  memberPath,
  nodesWithin,
  someInside,
  staticKeyName,
  unwrap,
  type CallLike,
  type FunctionNode,
  type Node,
} from '../src/recognizer/ast.js';
import { isStatusTest, mentions401, otherStatuses } from '../src/recognizer/conditions.js';
import { type TableauAnalysis } from '../src/recognizer/index.js';
import { branchTests, isRejectionHandler } from '../src/recognizer/sign-in.js';
import { onAnalysis } from '../src/plugin/contain.js';
import { createRule, FIX_HINT } from '../src/plugin/create-rule.js';
import { errorStatusText, isTypeScriptFile } from '../src/plugin/status-text.js';

const T = AST_NODE_TYPES;

export type Options = [{ allowOtherStatuses?: boolean }];
export type MessageId = 'reauthWithout401' | 'reauthOnOtherStatus' | 'unboundedRetry' | 'guardWith401';

export default createRule<Options, MessageId>({
  name: 'reauth-only-on-401',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require re-sign-in to Tableau only on a 401, and retries to be bounded',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowOtherStatuses: {
            type: 'boolean',
            description:
              'Accept a check that admits other statuses besides 401 (`status === 401 || status === 403`). When false, only a check for 401 alone counts.',
          },
        },
      },
    ],
    defaultOptions: [{ allowOtherStatuses: true }],
    messages: {
      reauthWithout401:
        'This failure handler signs in to Tableau again without checking that the status is 401. It re-signs in on 400, 403, 404 and 5xx as well: a bad request is disguised as an expired session, and with a personal access token every extra sign-in ends the session of each other process using that PAT. Sign in again only on 401 (Tableau codes 401000/401002). ' + FIX_HINT,
      reauthOnOtherStatus:
        'This re-sign-in also runs on {{statuses}}. Only a 401 means the session ended; a 403 is a permissions or wrong-site answer that a new session does not fix, and with a personal access token each extra sign-in ends other processes\' sessions. Sign in again only on 401. ' + FIX_HINT,
      unboundedRetry:
        'This retries a Tableau call with no bound. When the failure is not an expired session (a wrong site, a bad request, a revoked PAT, or the same PAT signing in elsewhere) it never stops, and a sign-in on every turn can lock the account. Re-sign in at most once per request and bound the other retries. ' + FIX_HINT,
      guardWith401: 'Let every failure but a 401 through before signing in again.',
    },
  },
  defaultOptions: [{ allowOtherStatuses: true }],
  create(context, [options]) {
    const typescript = isTypeScriptFile(context.filename);
    return onAnalysis(context, (analysis) => {
      if (analysis.calls.length === 0) return;
      for (const call of analysis.context.calls) {
        if (!analysis.signIns.isSignInCall(call)) continue;
        const verdict = reauthVerdict(call);
        if (!verdict) continue;
        if (!verdict.guarded) {
          context.report({
            node: call,
            messageId: 'reauthWithout401',
            suggest: guardSuggestion(context.sourceCode, analysis, call, verdict, typescript),
          });
        } else if (verdict.otherStatuses.length > 0 && options.allowOtherStatuses === false) {
          context.report({ node: call, messageId: 'reauthOnOtherStatus', data: { statuses: [...new Set(verdict.otherStatuses)].join(', ') } });
        }
      }
      for (const node of unboundedRetries(analysis)) context.report({ node, messageId: 'unboundedRetry' });
    });
  },
});

interface ReauthVerdict {
  /** The catch clause, rejection callback or failed-status branch the sign-in runs in. */
  handler: Node;
  /** For a failed-status branch, the response the test looked at (`res` in `!res.ok`). */
  response?: Node;
  guarded: boolean;
  otherStatuses: number[];
}

/** Whether a sign-in runs because something failed, and whether a 401 check leads to it. */
function reauthVerdict(call: CallLike): ReauthVerdict | undefined {
  let guarded = false;
  const others: number[] = [];
  let child: Node = call;
  for (let n: Node | undefined = call.parent; n; child = n, n = n.parent) {
    for (const test of branchTests(n, child)) {
      if (mentions401(test)) {
        guarded = true;
        others.push(...otherStatuses(test));
      }
    }
    const handlerBody = n.type === T.CatchClause && child === n.body ? n.body : isFunction(n) && isRejectionHandler(n) ? n.body : undefined;
    if (handlerBody) return { handler: n, guarded: guarded || guardedBefore(handlerBody, call, others), otherStatuses: others };
    if (n.type === T.IfStatement && child !== n.test && isStatusTest(n.test) && !mentions401(n.test)) {
      return { handler: n, response: statusObject(n.test), guarded: guarded || guardedBefore(n, call, others), otherStatuses: others };
    }
    if (isFunction(n)) return undefined;
  }
  return undefined;
}

/** An earlier `if (status !== 401) throw err;` in the handler also guards the sign-in. */
function guardedBefore(handler: Node, call: Node, others: number[]): boolean {
  let found = false;
  someInside(handler, (n) => {
    if (n.type === T.IfStatement && n.range[1] <= call.range[0] && mentions401(n.test)) {
      found = true;
      others.push(...otherStatuses(n.test));
    }
    return false;
  });
  return found;
}

/** `res` in `!res.ok` / `res.status >= 400`. */
function statusObject(test: Node): Node | undefined {
  let object: Node | undefined;
  someInside(test, (n) => {
    if (n.type === T.MemberExpression && /^(ok|status|statusCode)$/.test(staticKeyName(n.property, n.computed) ?? '')) object = n.object;
    return !!object;
  });
  return object;
}

function guardSuggestion(
  sourceCode: Readonly<TSESLint.SourceCode>,
  analysis: TableauAnalysis,
  call: CallLike,
  verdict: ReauthVerdict,
  typescript: boolean,
): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  // A guard clause before the statement that signs in: every status but 401 fails as it would have
  // without the handler, and a 401 goes on to the re-sign-in (and whatever follows it) as before.
  let guard: string;
  if (verdict.response) {
    const test = verdict.handler.type === T.IfStatement ? sourceCode.getText(verdict.handler.test) : '';
    const status = `${sourceCode.getText(verdict.response)}.${test.includes('statusCode') ? 'statusCode' : 'status'}`;
    guard = `if (${status} !== 401) throw new Error(\`Tableau request failed with HTTP \${${status}}\`);`;
  } else {
    const handler = verdict.handler;
    const param = handler.type === T.CatchClause ? handler.param : isFunction(handler) ? handler.params[0] : undefined;
    // The client whose error this is: an axios interceptor's, or the throwing call the handler covers.
    const interceptor = handler.parent?.type === T.CallExpression && memberPath(handler.parent.callee)?.endsWith('.interceptors.response.use');
    const client = interceptor ? 'axios' : analysis.calls.find((c) => c.throwsOnError && handler.parent && contains(handler.parent, c.node))?.client;
    if (param?.type !== T.Identifier || !client) return [];
    guard = `if (${errorStatusText(param.name, client, typescript)} !== 401) throw ${param.name};`;
  }
  let statement: Node = call;
  while (statement.parent && statement.parent.type !== T.BlockStatement) {
    if (isFunction(statement.parent)) return [];
    statement = statement.parent;
  }
  // The guard belongs inside the handler: before the whole `if (!res.ok)` it would also throw on success.
  const handler = verdict.handler;
  const branches: Array<Node | null> =
    handler.type === T.IfStatement ? [handler.consequent, handler.alternate] : handler.type === T.CatchClause || isFunction(handler) ? [handler.body] : [];
  if (!branches.some((branch) => branch && branch !== statement && contains(branch, statement))) return [];
  const indent = ' '.repeat(statement.loc.start.column);
  return [{ messageId: 'guardWith401', fix: (fixer) => fixer.insertTextBefore(statement, `${guard}\n${indent}`) }];
}

/**
 * Retry loops with no bound: `while (true)` / `for (;;)` around a Tableau call whose failure path goes
 * round again, with no counter tested in the loop; and functions that call themselves again from a
 * failure handler without a parameter that stops them.
 */
function unboundedRetries(analysis: TableauAnalysis): Node[] {
  const ctx = analysis.context;
  const found: Node[] = [];
  // The Tableau calls by start offset: whether one lies inside a node is a binary search, not a scan of them all
  // (it is asked for every loop body, every recursive function, and every function called from those).
  // Sorted on first use: most files have neither a `while (true)` nor a recursive function, and ask nothing.
  let sorted: Node[] | undefined;
  const hasTableauCall = (root: Node): boolean =>
    nodesWithin((sorted ??= byStart(analysis.calls.map((c) => c.node))), root).length > 0;
  const callsTableau = (root: Node) =>
    hasTableauCall(root) ||
    someInside(root, (n) => {
      if (n.type !== T.CallExpression) return false;
      const fn = ctx.values.calledFunction(n.callee);
      return !!fn && !contains(fn, n) && hasTableauCall(fn);
    });
  for (const loop of ctx.loops) {
    const test = loop.type === T.ForStatement ? loop.test : loop.type === T.WhileStatement || loop.type === T.DoWhileStatement ? loop.test : undefined;
    if (loop.type === T.ForInStatement || loop.type === T.ForOfStatement || !isConstantTrue(test)) continue;
    const body = (loop as TSESTree.WhileStatement).body;
    if (!callsTableau(body) || !retriesOnFailure(body) || hasCounter(body)) continue;
    found.push(loop);
  }
  // Functions that call themselves (found in one pass over the calls), then only those that call Tableau.
  const selfCalls = new Map<FunctionNode, TSESTree.CallExpression[]>();
  for (const c of ctx.calls) {
    if (c.type !== T.CallExpression) continue;
    const fn = ctx.values.calledFunction(c.callee);
    if (!fn || !contains(fn.body, c)) continue;
    const list = selfCalls.get(fn);
    if (list) list.push(c);
    else selfCalls.set(fn, [c]);
  }
  for (const [fn, calls] of selfCalls) {
    if (callsTableau(fn.body)) found.push(...selfCallsOnFailure(analysis, fn, calls));
  }
  return found;
}

/** A catch (or failed-status branch) inside the loop that neither throws, returns nor breaks out. */
function retriesOnFailure(body: Node): boolean {
  return someInside(body, (n) => {
    if (n.type === T.CatchClause) return !exits(n.body);
    if (n.type === T.IfStatement && isStatusTest(n.test)) return someInside(n.consequent, (m) => m.type === T.ContinueStatement);
    return false;
  });
}

function exits(node: Node): boolean {
  return someInside(node, (n) => n.type === T.ThrowStatement || n.type === T.ReturnStatement || n.type === T.BreakStatement);
}

/** An identifier that the loop both counts (`++`, `+=`, `-=`) and tests. */
function hasCounter(body: Node): boolean {
  const counted = new Set<string>();
  someInside(body, (n) => {
    if (n.type === T.UpdateExpression && n.argument.type === T.Identifier) counted.add(n.argument.name);
    if (n.type === T.AssignmentExpression && (n.operator === '+=' || n.operator === '-=') && n.left.type === T.Identifier) counted.add(n.left.name);
    if ((n.type === T.UpdateExpression || n.type === T.AssignmentExpression) && memberPath(n.type === T.UpdateExpression ? n.argument : n.left)) {
      const path = memberPath(n.type === T.UpdateExpression ? n.argument : n.left)!;
      if (n.type === T.UpdateExpression || n.operator !== '=') counted.add(path);
    }
    return false;
  });
  if (counted.size === 0) return false;
  return someInside(body, (n) => {
    const test = n.type === T.IfStatement || n.type === T.ConditionalExpression ? n.test : undefined;
    return !!test && someInside(test, (m) => (m.type === T.Identifier || m.type === T.MemberExpression) && counted.has(memberPath(m) ?? ''));
  });
}

/** `return get(url)` from get's own catch or failed-status branch, when no parameter of get is ever tested. */
function selfCallsOnFailure(analysis: TableauAnalysis, fn: FunctionNode, selfCalls: TSESTree.CallExpression[]): Node[] {
  const ctx = analysis.context;
  const onFailure = selfCalls.filter((c) => {
    for (let n: Node | undefined = c.parent; n && n !== fn; n = n.parent) {
      if (n.type === T.CatchClause) return true;
      if (isFunction(n) && isRejectionHandler(n)) return true;
      if (n.type === T.IfStatement && isStatusTest(n.test)) return true;
    }
    return false;
  });
  // Whether a parameter is tested is asked only of a function that does call itself on failure (most recursive
  // functions do not): it reads every use of every parameter.
  if (onFailure.length === 0) return onFailure;
  const params = fn.params
    .map((p) => unwrap(p.type === T.AssignmentPattern ? p.left : p))
    .filter((p): p is TSESTree.Identifier => p.type === T.Identifier)
    .map((p) => ctx.scopes.variableOf(p))
    .filter((v) => v !== undefined);
  const paramTested = params.some((v) =>
    ctx.scopes.reads(v).some((read) => {
      for (let n: Node | undefined = read.parent; n && n !== fn; n = n.parent) {
        if ((n.type === T.IfStatement || n.type === T.ConditionalExpression || n.type === T.LogicalExpression) && contains(n.type === T.LogicalExpression ? n.left : n.test, read)) return true;
      }
      return false;
    }),
  );
  return paramTested ? [] : onFailure;
}
