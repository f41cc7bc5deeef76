import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { outerParent, type Node } from '../src/recognizer/ast.js';
import { type ErrorHandler, type TableauCall } from '../src/recognizer/index.js';
import { onAnalysis } from '../src/plugin/contain.js';
import { createRule, FIX_HINT } from '../src/plugin/create-rule.js';
import { errorStatusText, isTypeScriptFile } from '../src/plugin/status-text.js';

const T = AST_NODE_TYPES;

export type Options = [{ passingErrorHandles?: boolean }];
export type MessageId = 'uncheckedResponse' | 'discardedResponse' | 'anyStatusUnchecked' | 'swallowedError' | 'throwOn401' | 'rethrowOn401';

const EXPIRED = 'when the session has ended (240 idle minutes on Tableau Server, 120 on Tableau Cloud, or a sign-in with the same PAT elsewhere) Tableau answers 401';

const STATUS_READ: Partial<Record<TableauCall['client'], string>> = {
  http: '`statusCode`',
  xhr: '`status`',
  jquery: 'the status (`error`, `statusCode` or `.fail()`)',
};

export default createRule<Options, MessageId>({
  name: 'handle-auth-errors',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require Tableau REST calls to notice a 401 instead of losing it',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          passingErrorHandles: {
            type: 'boolean',
            description:
              'Count a handler that passes the error to another function (`next(err)`, `handle(err)`) as handling it. Logging calls never count.',
          },
        },
      },
    ],
    defaultOptions: [{ passingErrorHandles: true }],
    messages: {
      uncheckedResponse: `This Tableau call's response is used without checking {{check}}: ${EXPIRED}, and this code reads the error as if it were data. Check the status and handle 401. ${FIX_HINT}`,
      discardedResponse: `This Tableau call's response is thrown away: ${EXPIRED}, and nothing notices. Check the status and handle 401. ${FIX_HINT}`,
      anyStatusUnchecked: `\`{{option}}\` makes this call resolve on 401 too, and the response status is never checked: ${EXPIRED}, and this code reads the error as data. Check the status. ${FIX_HINT}`,
      swallowedError: `This handler swallows the error of a Tableau call: ${EXPIRED}, which disappears here while the code carries on as if the call had succeeded. Rethrow it, check its status, or sign in again on 401. ${FIX_HINT}`,
      throwOn401: 'Throw when Tableau answers 401.',
      rethrowOn401: 'Rethrow the error when Tableau answers 401.',
    },
  },
  defaultOptions: [{ passingErrorHandles: true }],
  create(context, [options]) {
    const typescript = isTypeScriptFile(context.filename);
    return onAnalysis(context, (analysis) => {
      const reportedHandlers = new Set<Node>();
      for (const call of analysis.calls) {
        if (call.viaWrapper || call.url?.shape?.endpoint === 'signout') continue;
        const awaitedJquery = call.client === 'jquery' && outerParent(call.node).parent?.type === T.AwaitExpression;
        if (call.throwsOnError || awaitedJquery) {
          for (const handler of analysis.errorHandlers(call)) {
            if (reportedHandlers.has(handler.node) || !analysis.swallowsError(handler, options.passingErrorHandles !== false)) continue;
            reportedHandlers.add(handler.node);
            context.report({
              node: handler.node.type === T.CatchClause ? (handler.param ?? handler.node) : handler.node,
              messageId: 'swallowedError',
              suggest: rethrowSuggestion(context.sourceCode, handler, call, typescript),
            });
          }
          continue;
        }
        const use = analysis.responseUse(call);
        if (use.kind === 'checked' || use.kind === 'handed-off') continue;
        if (call.acceptsAnyStatus) {
          context.report({ node: call.node, messageId: 'anyStatusUnchecked', data: { option: optionName(call.acceptsAnyStatus) } });
          continue;
        }
        context.report({
          node: call.node,
          // A jQuery call is never "thrown away": its result arrives in callbacks, so say what it lacks.
          messageId: use.kind === 'discarded' && call.client !== 'jquery' ? 'discardedResponse' : 'uncheckedResponse',
          data: { check: STATUS_READ[call.client] ?? '`ok` or `status`' },
          suggest: throwSuggestion(context.sourceCode, call),
        });
      }
    });
  },
});

function optionName(node: Node): string {
  if (node.type === T.Property && node.key.type === T.Identifier) return `${node.key.name}`;
  if (node.type === T.AssignmentExpression && node.left.type === T.MemberExpression && node.left.property.type === T.Identifier) {
    return `defaults.${node.left.property.name}`;
  }
  return '.ok(() => true)';
}

const THROW_401 = "throw new Error('Tableau answered 401: the session has expired or was ended')";

/** `const res = await fetch(...)` gets a status check on the next line; `.then(res => res.json())` gets one in the callback. */
function throwSuggestion(sourceCode: Readonly<TSESLint.SourceCode>, call: TableauCall): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  if (call.client === 'xhr' || call.client === 'http' || call.client === 'jquery') return [];
  const status = call.client === 'undici' && !/fetch/i.test(sourceCode.getText(call.node.callee)) ? 'statusCode' : 'status';
  let n: Node = call.expression;
  let parent = outerParent(n).parent;
  if (parent?.type === T.AwaitExpression) {
    n = parent;
    parent = outerParent(n).parent;
  }
  if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier && parent.parent?.type === T.VariableDeclaration) {
    const statement = parent.parent;
    const name = parent.id.name;
    const indent = ' '.repeat(statement.loc.start.column);
    return [{ messageId: 'throwOn401', fix: (fixer) => fixer.insertTextAfter(statement, `\n${indent}if (${name}.${status} === 401) ${THROW_401};`) }];
  }
  // fetch(...).then((res) => res.json())
  if (parent?.type === T.MemberExpression && parent.property.type === T.Identifier && parent.property.name === 'then') {
    const then = outerParent(parent).parent;
    const callback = then?.type === T.CallExpression ? then.arguments[0] : undefined;
    if (callback?.type === T.ArrowFunctionExpression && callback.params[0]?.type === T.Identifier && callback.body.type !== T.BlockStatement) {
      const name = callback.params[0].name;
      const body = callback.body;
      return [{
        messageId: 'throwOn401',
        fix: (fixer) => fixer.replaceText(body, `{ if (${name}.${status} === 401) ${THROW_401}; return ${sourceCode.getText(body)}; }`),
      }];
    }
  }
  return [];
}

function rethrowSuggestion(
  sourceCode: Readonly<TSESLint.SourceCode>,
  handler: ErrorHandler,
  call: TableauCall,
  typescript: boolean,
): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  const param = handler.param;
  if (!param || param.type !== T.Identifier || !handler.body) return [];
  const name = param.name;
  const check = `if (${errorStatusText(name, call.client, typescript)} === 401) throw ${name};`;
  const body = handler.body;
  if (body.type === T.BlockStatement) {
    const first = body.body[0];
    if (first) {
      const indent = ' '.repeat(first.loc.start.column);
      return [{ messageId: 'rethrowOn401', fix: (fixer) => fixer.insertTextBefore(first, `${check}\n${indent}`) }];
    }
    return [{ messageId: 'rethrowOn401', fix: (fixer) => fixer.replaceText(body, `{ ${check} }`) }];
  }
  return [{
    messageId: 'rethrowOn401',
    fix: (fixer) => fixer.replaceText(body, `{ ${check} return ${sourceCode.getText(body as TSESTree.Node)}; }`),
  }];
}
