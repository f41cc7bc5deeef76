import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as eslintScope from 'eslint-scope';
import * as espree from 'espree';
import { createRequire } from 'node:module';

/** What a file's extension says about how to read it. */
export interface SourceLanguage {
  /** `js`, `mjs`, `cjs`, `jsx`, `ts`, `mts`, `cts`, `tsx`. */
  extension: string;
  typescript: boolean;
  /** JSX is allowed (everything but `.ts`, `.mts`, `.cts`, where `<T>x` is a type assertion). */
  jsx: boolean;
  /** CommonJS by extension (`.cjs`, `.cts`); `.js` files follow their package.json, which callers may know better. */
  commonjs: boolean;
}

/** Every extension the rules, the codemod and the CLI read as source. */
export const SOURCE_EXTENSIONS = ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx'] as const;

export function languageOf(filename: string): SourceLanguage {
  const extension = /\.([cm]?[jt]sx?)$/i.exec(filename)?.[1]?.toLowerCase() ?? 'js';
  const typescript = extension.includes('ts');
  return { extension, typescript, jsx: !/^[cm]?ts$/.test(extension), commonjs: extension === 'cjs' || extension === 'cts' };
}

export function isSourceFile(filename: string): boolean {
  return /\.[cm]?[jt]sx?$/i.test(filename);
}

/** Which parser read a file: espree (plain JavaScript) or the TypeScript parser (TypeScript, and JavaScript espree rejects). */
export type SourceParser = 'espree' | 'typescript';

type EspreeOptions = NonNullable<Parameters<typeof espree.parse>[1]>;
type TypeScriptEstree = typeof import('@typescript-eslint/typescript-estree');
type TypeScriptOptions = NonNullable<Parameters<TypeScriptEstree['parse']>[1]>;
type ScopeManagerModule = typeof import('@typescript-eslint/scope-manager');

let typescriptEstree: { estree: TypeScriptEstree; scopes: ScopeManagerModule } | undefined;
/**
 * typescript-estree and the scope manager, loaded when first needed: they bring TypeScript itself (about 0.5 s),
 * which plain JavaScript never needs. They are the two halves of @typescript-eslint/parser's parseForESLint, used
 * apart because the parser always converts every token for ESLint (about 15% of a parse), which the recogniser never
 * reads, and a parse check needs no scope analysis.
 */
function loadTypeScript(): { estree: TypeScriptEstree; scopes: ScopeManagerModule } {
  if (!typescriptEstree) {
    const require = createRequire(import.meta.url);
    typescriptEstree = { estree: require('@typescript-eslint/typescript-estree') as TypeScriptEstree, scopes: require('@typescript-eslint/scope-manager') as ScopeManagerModule };
  }
  return typescriptEstree;
}

/** Loads the TypeScript parser ahead of the first TypeScript file (a `tableau-rest fix` worker, while files are read). */
export function preloadTypeScript(): void {
  loadTypeScript();
}

type VisitorKeys = Readonly<Record<string, readonly string[]>>;

/**
 * The visitor keys eslint-scope is given for an espree tree: espree's own (what ESLint gives it), less the node types
 * whose keys estraverse already has alike. eslint-scope passes them to esrecurse, whose every visitor (one per pattern:
 * each parameter, declarator and assignment) merges them into a fresh copy of estraverse's keys: with 89 types that
 * copy was half the scope analysis. The merged keys are the same either way, so the scopes are too; when estraverse
 * cannot be found where esrecurse loads it from, espree's keys are given whole.
 */
let scopeVisitorKeys: VisitorKeys | undefined;
function espreeScopeKeys(): VisitorKeys {
  if (scopeVisitorKeys) return scopeVisitorKeys;
  const all = espree.VisitorKeys as VisitorKeys;
  let known: VisitorKeys | undefined;
  try {
    const fromScope = createRequire(createRequire(import.meta.url).resolve('eslint-scope'));
    known = (createRequire(fromScope.resolve('esrecurse'))('estraverse') as { VisitorKeys?: VisitorKeys }).VisitorKeys;
  } catch {
    known = undefined;
  }
  const same = (a: readonly string[] | undefined, b: readonly string[]) => !!a && a.length === b.length && a.every((key, i) => key === b[i]);
  scopeVisitorKeys = known ? Object.fromEntries(Object.entries(all).filter(([type, keys]) => !same(known[type], keys))) : all;
  return scopeVisitorKeys;
}

/**
 * `read`: what the recogniser and the rewrite use, node ranges and comments (nothing reads `loc`: lines and columns
 * come from ranges, and computing them cost about a fifth of a parse). `check`: whether the text parses, nothing more.
 */
type ParsePurpose = 'read' | 'check';

function espreeOptions(language: SourceLanguage, purpose: ParsePurpose): EspreeOptions {
  const read = purpose === 'read';
  return { range: read, loc: false, comment: read, ecmaVersion: 'latest', sourceType: language.commonjs ? 'commonjs' : 'module', ecmaFeatures: { jsx: true } };
}

/** The source type the TypeScript parser is given (and the scope analysis after it). */
function typescriptSourceType(language: SourceLanguage): 'script' | 'module' {
  return language.commonjs && !language.typescript ? 'script' : 'module';
}

/**
 * What @typescript-eslint/parser's parseForESLint hands typescript-estree for the options this module gave it before
 * (range, loc, comments, the file's source type and JSX; typescript-estree reads no ecmaVersion), less the tokens
 * and, as for espree, what the purpose does not need.
 */
function typescriptOptions(language: SourceLanguage, filename: string, purpose: ParsePurpose): TypeScriptOptions {
  const read = purpose === 'read';
  return {
    jsx: language.jsx,
    sourceType: typescriptSourceType(language),
    filePath: filename,
    onUnsupportedTypeScriptVersion: 'warn',
    errorOnTypeScriptSyntacticAndSemanticIssues: false,
    comment: read,
    loc: false,
    range: read,
    tokens: false,
  };
}

/**
 * Parses a file for the recogniser outside ESLint. JavaScript is read as ESLint reads it (espree and eslint-scope:
 * a few times faster than the TypeScript parser); TypeScript, and JavaScript espree rejects (TypeScript or Flow
 * in a .js file), with the TypeScript parser, loaded only then (it brings TypeScript itself). Node ranges are
 * offsets into `text`, and nodes carry no `loc`; throws the parser's error when the text does not parse. `parser`
 * says which one read it.
 */
export function parseSource(text: string, filename: string): { ast: TSESTree.Program; scopeManager: TSESLint.Scope.ScopeManager; parser: SourceParser } {
  const language = languageOf(filename);
  if (!language.typescript) {
    try {
      const ast = espree.parse(text, espreeOptions(language, 'read')) as unknown as TSESTree.Program;
      // The TypeScript parser does not list a `#!` line as a comment; keep both parsers' programs alike.
      ast.comments = ast.comments?.filter((c) => (c.type as string) !== 'Hashbang');
      // The options ESLint gives eslint-scope for espree (languages/js): a direct eval() does not hide a function's
      // variables, and JSX names are references, as the rules see them.
      const scopeManager = eslintScope.analyze(ast as never, {
        ecmaVersion: 2022,
        sourceType: language.commonjs ? 'commonjs' : 'module',
        nodejsScope: language.commonjs,
        ignoreEval: true,
        jsx: true,
        childVisitorKeys: espreeScopeKeys(),
      }) as unknown as TSESLint.Scope.ScopeManager;
      return { ast, scopeManager, parser: 'espree' };
    } catch {
      // not plain JavaScript: the TypeScript parser may still read it
    }
  }
  const { estree, scopes } = loadTypeScript();
  const sourceType = typescriptSourceType(language);
  const ast = estree.parse(text, typescriptOptions(language, filename, 'read')) as TSESTree.Program;
  // As parseForESLint: the program carries the source type it was read as, and the scope analysis gets the same
  // options (no lib, JSX pragma or global return given, so the scope manager's defaults).
  ast.sourceType = sourceType;
  const scopeManager = scopes.analyze(ast, { sourceType }) as unknown as TSESLint.Scope.ScopeManager;
  return { ast, scopeManager, parser: 'typescript' };
}

/**
 * Parses `text` with the given parser and the options `parseSource` gives it for `filename`, and throws the parser's
 * error when it does not parse. The codemod checks its output with the parser that read the input: what the
 * recogniser could read before the rewrite, it can read after it.
 */
export function assertParsesWith(parser: SourceParser, text: string, filename: string): void {
  const language = languageOf(filename);
  if (parser === 'espree') espree.parse(text, espreeOptions(language, 'check'));
  else loadTypeScript().estree.parse(text, typescriptOptions(language, filename, 'check'));
}
