/**
 * The one recogniser of "a Tableau REST call". Every rule and the codemod ask it the same questions:
 * which calls talk to Tableau, with which client, where their token comes from, how their response and
 * failures are handled, and which functions sign in. A file is analysed once, however many rules ask.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { walksLikeUs, type TraversalStep } from './ast.js';
import { findTableauCalls, type TableauCall } from './calls.js';
import { FileContext } from './context.js';
import { errorHandlers, responseUse, swallowsError, type ErrorHandler, type ResponseUse } from './handling.js';
import type { TokenUse } from './headers.js';
import { normalizeSettings, type NormalizedSettings, type TableauRestSettings } from './settings.js';
import { signInCallsOf, SignIns, type RefreshPath } from './sign-in.js';
import { parseSource, type SourceParser } from './source.js';
import { tokenOrigin, type TokenOrigin } from './token-origin.js';
import { TypeServices, type ImportedDeclaration } from './types.js';

export type { TableauCall, ClientInstance } from './calls.js';
export type { ClientKind } from './clients.js';
export type { TokenUse } from './headers.js';
export type { TokenOrigin } from './token-origin.js';
export type { ResponseUse, ErrorHandler } from './handling.js';
export type { TableauRestSettings, NormalizedSettings } from './settings.js';
export type { RefreshPath } from './sign-in.js';
export { normalizeSettings } from './settings.js';
export { assertParsesWith, isSourceFile, languageOf, parseSource, preloadTypeScript, SOURCE_EXTENSIONS, type SourceLanguage, type SourceParser } from './source.js';

export interface TableauAnalysis {
  readonly context: FileContext;
  /** Every Tableau REST call in the file, including the ones made through the session wrapper. */
  readonly calls: readonly TableauCall[];
  readonly signIns: SignIns;
  tokenOrigin(use: TokenUse): TokenOrigin;
  responseUse(call: TableauCall): ResponseUse;
  errorHandlers(call: TableauCall): ErrorHandler[];
  swallowsError(handler: ErrorHandler, passingErrorHandles: boolean): boolean;
  /** Whether a stored token has a refresh path: in its class, its module, or (seen through types) the module it is imported from. */
  hasRefreshPath(origin: Extract<TokenOrigin, { kind: 'stored' }>, scope: { cls?: TSESTree.Node }, kinds: ReadonlyArray<RefreshPath['kind']>): boolean;
}

// A file that never mentions the header, a REST path, a sign-in or a PAT cannot call Tableau: skip it before
// any AST work, so the rules cost nothing on code that does not talk to Tableau. `/api/` must be followed by
// what a REST URL has there (a version, `-/`, `metadata`, a `${`, a quote or `+`, or the end of the line), and
// `signin` must not be the middle of "assigning": documentation links and prose do not count.
const MIGHT_CALL_TABLEAU = /tableau-auth|\/api\/(?:\d|-\/|metadata|\$\{|['"`+]|$)|signin(?!g)|workgroup_session_id|personalAccessToken/im;

export function mightCallTableau(text: string, settings: NormalizedSettings): boolean {
  if (MIGHT_CALL_TABLEAU.test(text)) return true;
  return settings.clients.some((c) => text.includes(c.name.split('.').pop()!));
}

export function analyzeProgram(
  program: TSESTree.Program,
  scopeManager: TSESLint.Scope.ScopeManager,
  settings: NormalizedSettings,
  types?: TypeServices,
  nodes?: ConstructorParameters<typeof FileContext>[4],
): TableauAnalysis {
  const context = new FileContext(program, scopeManager, settings, types, nodes);
  const calls = findTableauCalls(context);
  const signIns = new SignIns(context, signInCallsOf(calls));
  const origins = new Map<TokenUse, TokenOrigin>();
  const swallowsPassing = new Map<TSESTree.Node, ErrorHandler & { verdict: boolean }>();
  const swallowsStrict = new Map<TSESTree.Node, ErrorHandler & { verdict: boolean }>();
  return {
    context,
    calls,
    signIns,
    tokenOrigin(use) {
      let origin = origins.get(use);
      if (!origin) origins.set(use, (origin = tokenOrigin(context, use)));
      return origin;
    },
    responseUse: (call) => responseUse(context, call),
    errorHandlers: (call) => errorHandlers(context, call),
    swallowsError(handler, passing) {
      // One catch clause or callback often handles many calls: its verdict is worked out once per handler.
      const memo = passing ? swallowsPassing : swallowsStrict;
      const known = memo.get(handler.node);
      if (known && known.param === handler.param && known.body === handler.body && known.logOnly === handler.logOnly) return known.verdict;
      const verdict = swallowsError(context, signIns, handler, passing);
      memo.set(handler.node, { ...handler, verdict });
      return verdict;
    },
    hasRefreshPath(origin, scope, kinds) {
      if (signIns.hasRefreshPath(scope, kinds)) return true;
      return !!origin.module && !!declaringModule(origin.module, settings)?.signIns.hasRefreshPath({}, kinds);
    },
  };
}

// Modules that export a token, analysed once per text (typed linting only).
const declaringModules = new Map<string, { text: string; analysis: TableauAnalysis | undefined }>();

function declaringModule(module: ImportedDeclaration, settings: NormalizedSettings): TableauAnalysis | undefined {
  const cached = declaringModules.get(module.fileName);
  if (cached?.text === module.moduleText) return cached.analysis;
  let analysis: TableauAnalysis | undefined;
  try {
    analysis = analyzeSource(module.moduleText, module.fileName, settings)?.analysis;
  } catch {
    analysis = undefined; // a module that does not parse on its own has no refresh path we can vouch for
  }
  declaringModules.set(module.fileName, { text: module.moduleText, analysis });
  return analysis;
}

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const cache = new WeakMap<object, Map<string, TableauAnalysis | null>>();

/**
 * The analysis of the file a rule is linting, shared by all rules for that file (keyed by its AST and
 * the shared settings). Undefined when the file cannot call Tableau.
 */
export function analysisFor(context: RuleContext): TableauAnalysis | undefined {
  const sourceCode = context.sourceCode;
  const raw = (context.settings as Record<string, unknown> | undefined)?.['tableau-rest'];
  const key = settingsKey(raw);
  let perFile = cache.get(sourceCode.ast);
  if (!perFile) cache.set(sourceCode.ast, (perFile = new Map()));
  const cached = perFile.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const settings = normalizeSettings(raw);
  const collection = collections.get(sourceCode.ast);
  const known = collection?.key === key ? collection : undefined;
  const collected = collection?.nodes; // the whole traversal's nodes, whatever the settings
  const might = known ? known.might : mightCallTableau(sourceCode.text, settings);
  const steps = might && !collected ? eslintTraversal(sourceCode) : undefined;
  const analysis = might
    ? analyzeProgram(
        sourceCode.ast,
        sourceCode.scopeManager as TSESLint.Scope.ScopeManager,
        settings,
        TypeServices.from(sourceCode.parserServices),
        collected ? { collected } : steps ? { steps } : undefined,
      )
    : undefined;
  perFile.set(key, analysis ?? null);
  return analysis;
}

// Per AST, from the first of our rules created for it: the pre-check's answer under the file's settings (`key` as
// in analysisFor), and the nodes that rule's listeners collected for the index (absent: none collected).
const collections = new WeakMap<object, { key: string; might: boolean; nodes?: TSESTree.Node[] }>();

const settingsKey = (raw: unknown) => (raw === undefined ? '' : JSON.stringify(raw));

/**
 * Listeners that collect, while ESLint traverses the file, the nodes FileContext indexes, so the analysis need
 * not go over the tree again. The first of our rules created for a file collects (the others get none); only
 * for a file that passes the pre-check, and only when ESLint's traversal meets the nodes in our walk's order.
 */
export function collectingListeners(context: RuleContext): Record<string, (node: TSESTree.Node) => void> {
  const sourceCode = context.sourceCode;
  if (collections.has(sourceCode.ast)) return {};
  const raw = (context.settings as Record<string, unknown> | undefined)?.['tableau-rest'];
  const might = mightCallTableau(sourceCode.text, normalizeSettings(raw));
  const visitorKeys = (sourceCode as unknown as { visitorKeys?: Record<string, readonly string[]> }).visitorKeys;
  if (!might || !walksLikeUs(visitorKeys)) {
    collections.set(sourceCode.ast, { key: settingsKey(raw), might });
    return {};
  }
  const nodes: TSESTree.Node[] = [];
  collections.set(sourceCode.ast, { key: settingsKey(raw), might, nodes });
  const collect = (node: TSESTree.Node) => void nodes.push(node);
  return Object.fromEntries(FileContext.INDEXED_TYPES.map((type) => [type, collect]));
}

/**
 * The steps ESLint took through the file (`SourceCode#traverse()`, ESLint 9+, built and cached before any rule
 * runs), when its visitor keys make them meet the nodes as our own walk would; undefined otherwise.
 */
function eslintTraversal(sourceCode: RuleContext['sourceCode']): readonly TraversalStep[] | undefined {
  const source = sourceCode as unknown as { traverse?: () => unknown; visitorKeys?: Record<string, readonly string[]> };
  if (typeof source.traverse !== 'function' || !walksLikeUs(source.visitorKeys)) return undefined;
  const steps = source.traverse();
  return Array.isArray(steps) ? (steps as TraversalStep[]) : undefined;
}

/**
 * The same analysis for code outside ESLint (the codemod), on a file read by `parseSource`. Node ranges are
 * offsets into `text`; `parser` is the parser that read it. Throws the parser's error when the text does not parse.
 */
export function analyzeSource(
  text: string,
  filename: string,
  rawSettings?: TableauRestSettings | NormalizedSettings,
): { program: TSESTree.Program; analysis: TableauAnalysis; parser: SourceParser } | undefined {
  const settings = normalizeSettings(rawSettings);
  if (!mightCallTableau(text, settings)) return undefined;
  const { ast, scopeManager, parser } = parseSource(text, filename);
  return { program: ast, analysis: analyzeProgram(ast, scopeManager, settings), parser };
}
