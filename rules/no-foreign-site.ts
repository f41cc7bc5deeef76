import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { chainRoot, isEnvironmentRead, memberPath, someInside, staticKeyName, unwrap, type Node } from '../src/recognizer/ast.js';
import { type TableauAnalysis } from '../src/recognizer/index.js';
import { onAnalysis } from '../src/plugin/contain.js';
import { createRule } from '../src/plugin/create-rule.js';

const T = AST_NODE_TYPES;

export type Options = [{ trustedNames?: string[] }];
export type MessageId = 'literalSite' | 'envSite' | 'unknownSite';

// Re-signing in does not fix a wrong site, so the hint points at the session's own site id, not at re-sign-in.
const SITE_HINT = 'With the session wrapper (`npx tableau-rest fix` or `init`), that is `session.siteId`.';
const WHY = 'A Tableau session works only for the site it signed in to, and `/sites/{id}/` takes that site\'s LUID from the sign-in response (`credentials.site.id`); a call for any other site gets a consistent 401 or 403 that no re-sign-in fixes';

/** Where a site id came from. */
type SiteOrigin = 'session' | 'unknown' | 'literal' | 'env' | 'other';

export default createRule<Options, MessageId>({
  name: 'no-foreign-site',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the site in a Tableau REST URL to be the site id returned by sign-in',
      recommended: 'recommended',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          trustedNames: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              "Variable or field names that hold the session's site id although the rule cannot see them assigned from a sign-in response (for example a value a framework injects).",
          },
        },
      },
    ],
    defaultOptions: [{ trustedNames: [] }],
    messages: {
      literalSite: `The site in this Tableau URL is written into the code. ${WHY}. Use the site id from the sign-in response. ${SITE_HINT}`,
      envSite: `The site in this Tableau URL comes from an environment variable, not from the sign-in response. ${WHY}. Use the site id from the sign-in response. ${SITE_HINT}`,
      unknownSite: `\`{{name}}\` is never assigned from a sign-in response's \`site.id\`. ${WHY}. Use the site id from the sign-in response. ${SITE_HINT}`,
    },
  },
  defaultOptions: [{ trustedNames: [] }],
  create(context, [options]) {
    const trusted = new Set(options.trustedNames ?? []);
    return onAnalysis(context, (analysis) => {
      const reported = new Set<Node>();
      for (const call of analysis.calls) {
        const site = call.url?.shape?.site;
        if (call.viaWrapper || !site) continue;
        const reportAt = site.expression ?? call.url!.node;
        if (reported.has(reportAt)) continue;
        if (site.text !== undefined) {
          reported.add(reportAt);
          context.report({ node: call.url!.node, messageId: 'literalSite' });
          continue;
        }
        if (!site.expression) continue;
        const origin = siteOrigin(analysis, site.expression, trusted, 0);
        if (origin === 'session' || origin === 'unknown') continue;
        reported.add(reportAt);
        context.report({
          node: site.expression,
          messageId: origin === 'literal' ? 'literalSite' : origin === 'env' ? 'envSite' : 'unknownSite',
          data: { name: memberPath(site.expression) ?? context.sourceCode.getText(site.expression) },
        });
      }
    });
  },
});

/** `x.site.id`, `x?.site?.luid`, `{ site: { id } }` patterns, a regex or lookup that reads a site element. */
function readsSiteId(node: Node): boolean {
  return someInside(node, (n) => {
    if (n.type === T.MemberExpression) {
      const key = staticKeyName(n.property, n.computed);
      const object = unwrap(n.object);
      const objectKey = object.type === T.MemberExpression ? staticKeyName(object.property, object.computed) : object.type === T.Identifier ? object.name : undefined;
      return (key === 'id' || key === 'luid') && objectKey !== undefined && /^site$/i.test(objectKey);
    }
    if (n.type === T.Literal && 'regex' in n && n.regex) return /site/i.test(n.regex.pattern);
    return false;
  });
}

// Many calls read the same site id (a module variable, a field): its origin is worked out once per file.
const originsByFile = new WeakMap<TableauAnalysis, Map<unknown, SiteOrigin>>();

function memoized(analysis: TableauAnalysis, key: unknown, compute: () => SiteOrigin): SiteOrigin {
  let origins = originsByFile.get(analysis);
  if (!origins) originsByFile.set(analysis, (origins = new Map()));
  let origin = origins.get(key);
  if (origin === undefined) origins.set(key, (origin = compute()));
  return origin;
}

function siteOrigin(analysis: TableauAnalysis, expression: Node, trusted: ReadonlySet<string>, depth: number): SiteOrigin {
  const ctx = analysis.context;
  const n = unwrap(expression);
  if (depth > 5 || !ctx.spend()) return 'unknown';
  if (readsSiteId(n)) return 'session';
  switch (n.type) {
    case T.Literal:
      return typeof n.value === 'string' ? 'literal' : 'unknown';
    case T.TemplateLiteral:
      return n.expressions.length === 0 ? 'literal' : 'unknown';
    case T.AwaitExpression:
      return siteOrigin(analysis, n.argument, trusted, depth + 1);
    case T.CallExpression:
      // encodeURIComponent(siteId) and friends pass the id through.
      if (n.arguments.length === 1 && /^(encodeURIComponent|String|encodeURI)$/.test(memberPath(n.callee) ?? '')) {
        return siteOrigin(analysis, n.arguments[0], trusted, depth + 1);
      }
      return analysis.signIns.isSignInCall(n) ? 'session' : 'unknown';
    case T.Identifier: {
      if (trusted.has(n.name)) return 'session';
      const variable = ctx.scopes.variableOf(n);
      if (!variable || variable.defs.length === 0) return 'unknown';
      if (ctx.scopes.isParameter(variable)) return 'unknown';
      const def = variable.defs[0];
      if (def.type === 'ImportBinding') return 'unknown';
      if (def.type === 'Variable') {
        const declarator = def.node as TSESTree.VariableDeclarator;
        // const { site: { id: siteId } } = credentials
        if (declarator.id.type !== T.Identifier && patternReadsSiteId(declarator.id, n.name)) return 'session';
      }
      return memoized(analysis, variable, () => {
        const origins = ctx.scopes.writtenValues(variable).map((w) => siteOrigin(analysis, w, trusted, depth + 1));
        return ctx.scopes.isModuleLevel(variable) ? combineStored(origins) : combine(origins);
      });
    }
    case T.MemberExpression: {
      const path = memberPath(n) ?? '';
      if (isEnvironmentRead(n)) return 'env';
      const name = staticKeyName(n.property, n.computed);
      if (name === undefined) return 'unknown';
      if (trusted.has(name) || trusted.has(path)) return 'session';
      const writes = ctx.propertyValues(name);
      if (writes.length > 0) return memoized(analysis, `.${name}`, () => combineStored(writes.map((w) => siteOrigin(analysis, w, trusted, depth + 1))));
      const root = chainRoot(n);
      if (root.type === T.Identifier) {
        const variable = ctx.scopes.variableOf(root);
        if (!variable || variable.defs.length === 0 || ctx.scopes.isParameter(variable) || variable.defs[0].type === 'ImportBinding') return 'unknown';
        const resolved = ctx.values.resolve(n);
        if (resolved.node !== n) return siteOrigin(analysis, resolved.node, trusted, depth + 1);
      }
      return 'other';
    }
    default:
      return 'unknown';
  }
}

function patternReadsSiteId(pattern: Node, name: string): boolean {
  let found = false;
  someInside(pattern, (n) => {
    if (n.type === T.Property && n.parent?.type === T.ObjectPattern && staticKeyName(n.key, n.computed) === 'id') {
      const value = n.value.type === T.AssignmentPattern ? n.value.left : n.value;
      const outer = n.parent.parent;
      if (value.type === T.Identifier && value.name === name && outer?.type === T.Property && staticKeyName(outer.key, outer.computed) === 'site') found = true;
    }
    return found;
  }, true);
  return found;
}

/** A local's origin: the session's site if any write comes from sign-in; unknown if any write is beyond our sight. */
function combine(origins: SiteOrigin[]): SiteOrigin {
  if (origins.includes('unknown') && !origins.includes('session')) return 'unknown';
  return combineStored(origins);
}

/**
 * A module variable's or field's origin: it outlives any one call, so it must be set from a sign-in
 * response somewhere in the file; a write from a parameter or an unknown call does not excuse it.
 */
function combineStored(origins: SiteOrigin[]): SiteOrigin {
  if (origins.includes('session')) return 'session';
  if (origins.includes('env')) return 'env';
  if (origins.length > 0 && origins.every((o) => o === 'literal')) return 'literal';
  return 'other';
}
