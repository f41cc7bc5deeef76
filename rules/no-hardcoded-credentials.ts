import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { memberPath, objectProperty, staticKeyName, stringLiteralValue, unwrap, type Node } from '../src/recognizer/ast.js';
import { type TableauAnalysis } from '../src/recognizer/index.js';
import { matchingName } from '../src/recognizer/settings.js';
import { onAnalysis } from '../src/plugin/contain.js';
import { createRule } from '../src/plugin/create-rule.js';

const T = AST_NODE_TYPES;

export type Options = [{ ignorePlaceholders?: boolean }];
export type MessageId = 'hardcodedSecret' | 'hardcodedSecretInXml' | 'hardcodedToken' | 'readFromEnv';

const SECRET_FIELDS: Record<string, string> = {
  password: 'TABLEAU_PASSWORD',
  personalAccessTokenSecret: 'TABLEAU_PAT_SECRET',
  jwt: 'TABLEAU_JWT',
};

const PLACEHOLDER = /^(x+|\*+|\.+|-+|changeme|change_me|secret|password|your[-_ ]?\w*|todo|tbd|replace[-_ ]?me|<[^>]*>|\{\{[^}]*\}\}|\$\{[^}]*\}|%[A-Z_]+%|redacted)$/i;

export default createRule<Options, MessageId>({
  name: 'no-hardcoded-credentials',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Tableau passwords, PAT secrets, JWTs and session tokens written into the code',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignorePlaceholders: {
            type: 'boolean',
            description: 'Skip values that are clearly placeholders (`changeme`, `<your-secret>`, `xxxx`, `${SECRET}`). Empty strings are never reported.',
          },
        },
      },
    ],
    defaultOptions: [{ ignorePlaceholders: true }],
    messages: {
      hardcodedSecret:
        'The `{{field}}` in this Tableau sign-in is written into the code. Anyone who can read the repository can sign in as this user, and rotating it means a code change; a personal access token also allows only one session, so every copy of this code signs the others out. Read it from the environment or a secret store.',
      hardcodedSecretInXml:
        'This Tableau sign-in {{format}} has its `{{field}}` written into the code. Anyone who can read the repository can sign in as this user. Read it from the environment or a secret store.',
      hardcodedToken:
        'This X-Tableau-Auth value is a session token written into the code: it grants access to whoever reads it until the session ends, and then (after 240 idle minutes on Tableau Server, 120 on Tableau Cloud) every call fails with 401. Sign in at run time instead.',
      readFromEnv: 'Read it from `process.env.{{variable}}`.',
    },
  },
  defaultOptions: [{ ignorePlaceholders: true }],
  create(context, [options]) {
    const ignorePlaceholders = options.ignorePlaceholders !== false;
    const isSecret = (value: string) => value.trim() !== '' && !(ignorePlaceholders && PLACEHOLDER.test(value.trim()));
    return onAnalysis(context, (analysis) => {
      const seen = new Set<Node>();
      const checkCredentials = (credentials: Node | undefined) => {
        for (const { value, field } of secretProperties(analysis, credentials)) {
          const literal = stringLiteralValue(value);
          if (literal === undefined || seen.has(value) || !isSecret(literal)) continue;
          seen.add(value);
          context.report({
            node: value,
            messageId: 'hardcodedSecret',
            data: { field },
            suggest: [{
              messageId: 'readFromEnv',
              data: { variable: SECRET_FIELDS[field] },
              fix: (fixer) => fixer.replaceText(value, `process.env.${SECRET_FIELDS[field]}`),
            }],
          });
        }
      };
      for (const call of analysis.calls) {
        for (const use of call.tokens) {
          if (!use.literal || seen.has(use.value)) continue;
          const text = stringLiteralValue(use.value);
          if (use.form === 'header' && (text === undefined || !isSecret(text))) continue;
          seen.add(use.value);
          context.report({ node: use.value, messageId: 'hardcodedToken' });
        }
        if (call.url?.shape?.endpoint !== 'signin' || !call.body) continue;
        const body = signInBody(analysis, call.body);
        if (body.type === T.ObjectExpression) {
          checkCredentials(objectProperty(body, 'credentials')?.value);
        } else if (!seen.has(body)) {
          const found = secretInText(analysis, body, isSecret);
          if (found) {
            seen.add(body);
            // Point at the string itself, which may be a constant declared away from the call.
            context.report({ node: body, messageId: 'hardcodedSecretInXml', data: found });
          }
        }
      }
      // The wrapper's own options: createTableauSession({ credentials: { ... } }).
      const wrappers = analysis.context.settings.sessionWrappers;
      for (const node of analysis.context.calls) {
        if (matchingName(node.callee, wrappers) === undefined) continue;
        const opts = node.arguments[0] && analysis.context.values.resolve(node.arguments[0]).node;
        if (opts?.type === T.ObjectExpression) checkCredentials(objectProperty(opts, 'credentials')?.value);
      }
    });
  },
});

function signInBody(analysis: TableauAnalysis, body: Node): Node {
  let target = analysis.context.values.resolve(body).node;
  if (target.type === T.CallExpression && memberPath(target.callee) === 'JSON.stringify' && target.arguments[0]) {
    target = analysis.context.values.resolve(target.arguments[0]).node;
  }
  return target;
}

/** password / personalAccessTokenSecret / jwt properties of a credentials object, through spreads and variables. */
function secretProperties(analysis: TableauAnalysis, node: Node | undefined, depth = 0): Array<{ value: Node; field: string }> {
  if (!node || depth > 4) return [];
  const object = analysis.context.values.resolve(node).node;
  if (object.type !== T.ObjectExpression) return [];
  const found: Array<{ value: Node; field: string }> = [];
  for (const p of object.properties) {
    if (p.type === T.SpreadElement) {
      found.push(...secretProperties(analysis, p.argument, depth + 1));
      continue;
    }
    const key = staticKeyName(p.key, p.computed);
    if (key !== undefined && key in SECRET_FIELDS) found.push({ value: unwrap(p.value), field: key });
  }
  return found;
}

// A plain-text value: no `${...}` inside the quotes, since a template hole splits the string into parts.
const SECRET_IN_XML = /\b(password|personalAccessTokenSecret|jwt)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const SECRET_IN_JSON = /"(password|personalAccessTokenSecret|jwt)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

/** A secret written as plain text in a sign-in body that is a string: XML (either quote) or JSON text. */
function secretInText(analysis: TableauAnalysis, body: Node, isSecret: (v: string) => boolean): { field: string; format: string } | undefined {
  const parts = analysis.context.values.string(body);
  for (const part of parts) {
    if (typeof part !== 'string') continue;
    for (const match of part.matchAll(SECRET_IN_XML)) {
      if (isSecret(match[2] ?? match[3])) return { field: match[1], format: 'XML' };
    }
    for (const match of part.matchAll(SECRET_IN_JSON)) {
      if (isSecret(match[2])) return { field: match[1], format: 'JSON' };
    }
  }
  return undefined;
}
