import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { enclosingClass, isFunction, isLoop, memberPath, type Node } from '../src/recognizer/ast.js';
import { type RefreshPath, type TableauAnalysis, type TokenUse } from '../src/recognizer/index.js';
import type { Variable } from '../src/recognizer/scope.js';
import { onAnalysis } from '../src/plugin/contain.js';
import { createRule, FIX_HINT } from '../src/plugin/create-rule.js';

const T = AST_NODE_TYPES;

export type Options = [{ requireReauthOn401?: boolean }];
export type MessageId = 'staticToken' | 'storedToken' | 'expiryOnly' | 'longJobToken';

const LIFETIME = 'Tableau ends a session after its idle limit (240 minutes on Tableau Server, 120 on Tableau Cloud) or as soon as the same personal access token signs in elsewhere';

export default createRule<Options, MessageId>({
  name: 'no-stale-token',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow reusing a Tableau session token with no way to sign in again when the session ends',
      recommended: 'recommended',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireReauthOn401: {
            type: 'boolean',
            description:
              'Only a re-sign-in reached on a 401 counts as handling expiry; a refresh on an expiry-time check alone is reported, because a PAT signed in elsewhere ends the session early.',
          },
        },
      },
    ],
    defaultOptions: [{ requireReauthOn401: false }],
    messages: {
      staticToken: `This X-Tableau-Auth token comes from {{source}} and is never renewed. ${LIFETIME}; from then on this call fails with 401. Sign in at run time and sign in again on 401. ${FIX_HINT}`,
      storedToken: `This call reuses the token kept in {{storage}}, and nothing here signs in again. ${LIFETIME}; after that every call through it fails with 401 until the process restarts. ${FIX_HINT}`,
      expiryOnly: `The token kept in {{storage}} is renewed only on an expiry-time check. ${LIFETIME}, and a 401 before the scheduled refresh is never recovered. Sign in again on 401 as well. ${FIX_HINT}`,
      longJobToken: `This token is signed in once and reused {{where}}. ${LIFETIME}, so a job that outlives the session gets 401 on every call after that. Sign in again on 401. ${FIX_HINT}`,
    },
  },
  defaultOptions: [{ requireReauthOn401: false }],
  create(context, [options]) {
    return onAnalysis(context, (analysis) => {
      const reported = new Set<Node>();
      for (const call of analysis.calls) {
        if (call.viaWrapper || call.url?.shape?.endpoint === 'signout') continue;
        for (const use of call.tokens) {
          if (reported.has(use.value)) continue;
          const finding = checkToken(analysis, use, call.node, options.requireReauthOn401 === true);
          if (!finding) continue;
          reported.add(use.value);
          context.report({ node: use.value, ...finding });
        }
      }
    });
  },
});

type Finding = { messageId: MessageId; data: Record<string, string> };

function checkToken(analysis: TableauAnalysis, use: TokenUse, call: Node, requireReauthOn401: boolean): Finding | undefined {
  const origin = analysis.tokenOrigin(use);
  const kinds: RefreshPath['kind'][] = requireReauthOn401 ? ['error', 'status'] : ['error', 'status', 'expiry'];
  switch (origin.kind) {
    case 'static':
      return { messageId: 'staticToken', data: { source: origin.source } };
    case 'stored': {
      const scope = { cls: origin.cls ?? (use.shared ? enclosingClass(use.header) : undefined) };
      if (analysis.hasRefreshPath(origin, scope, kinds)) return undefined;
      if (requireReauthOn401 && analysis.hasRefreshPath(origin, scope, ['expiry'])) {
        return { messageId: 'expiryOnly', data: { storage: origin.storage } };
      }
      return { messageId: 'storedToken', data: { storage: origin.storage } };
    }
    case 'local': {
      const where = longJobContext(origin.variable, use.value, call);
      if (!where || analysis.signIns.hasRefreshPath({}, kinds)) return undefined;
      return { messageId: 'longJobToken', data: { where } };
    }
    default:
      return undefined;
  }
}

const TIMERS = /(^|\.)(setInterval|setTimeout|setImmediate|schedule|scheduleJob|cron)$/;

/**
 * "inside a loop" / "in a timer callback" when the use sits in a loop or timer callback that the token's
 * own function entered after signing in, and the loop never assigns the token again.
 */
function longJobContext(variable: Variable, value: Node, call: Node): string | undefined {
  const holder = variable.scope.block;
  const writes = variable.references.filter((r) => r.isWrite()).map((r) => r.identifier);
  const start = value.range[0] <= call.range[0] ? value : call;
  for (let n = start.parent; n && n !== holder; n = n.parent) {
    const reassignedInside = writes.some((w) => n!.range[0] <= w.range[0] && w.range[1] <= n!.range[1]);
    if (isLoop(n) && !reassignedInside) return 'inside a loop';
    if (isFunction(n) && isTimerCallback(n) && !reassignedInside) return 'in a timer callback';
  }
  return undefined;
}

function isTimerCallback(fn: Node): boolean {
  const parent = fn.parent;
  if (parent?.type !== T.CallExpression && parent?.type !== T.NewExpression) return false;
  const path = memberPath(parent.callee);
  return (!!path && TIMERS.test(path)) || path === 'CronJob';
}
