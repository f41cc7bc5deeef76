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
type TypeScriptParser = typeof import('@typescript-eslint/parser');
type TypeScriptOptions = NonNullable<Parameters<TypeScriptParser['parseForESLint']>[1]>;

let typescriptParser: TypeScriptParser | undefined;
/** The TypeScript parser, loaded when first needed: it brings TypeScript itself (about 0.5 s), which plain JavaScript never needs. */
function loadTypeScriptParser(): TypeScriptParser {
  return (typescriptParser ??= createRequire(import.meta.url)('@typescript-eslint/parser') as TypeScriptParser);
}

function espreeOptions(language: SourceLanguage): EspreeOptions {
  return { range: true, loc: true, comment: true, ecmaVersion: 'latest', sourceType: language.commonjs ? 'commonjs' : 'module', ecmaFeatures: { jsx: true } };
}

function typescriptOptions(language: SourceLanguage, filename: string): TypeScriptOptions {
  return {
    range: true,
    loc: true,
    comment: true,
    tokens: false,
    ecmaVersion: 'latest',
    sourceType: language.commonjs && !language.typescript ? 'script' : 'module',
    ecmaFeatures: { jsx: language.jsx },
    filePath: filename,
  };
}

/**
 * Parses a file for the recogniser outside ESLint. JavaScript is read as ESLint reads it (espree and eslint-scope:
 * a few times faster than the TypeScript parser); TypeScript, and JavaScript espree rejects (TypeScript or Flow
 * in a .js file), with the TypeScript parser, loaded only then (it brings TypeScript itself). Node ranges are
 * offsets into `text`; throws the parser's error when the text does not parse. `parser` says which one read it.
 */
export function parseSource(text: string, filename: string): { ast: TSESTree.Program; scopeManager: TSESLint.Scope.ScopeManager; parser: SourceParser } {
  const language = languageOf(filename);
  if (!language.typescript) {
    try {
      const ast = espree.parse(text, espreeOptions(language)) as unknown as TSESTree.Program;
      // The TypeScript parser does not list a `#!` line as a comment; keep both parsers' programs alike.
      ast.comments = ast.comments?.filter((c) => (c.type as string) !== 'Hashbang');
      const scopeManager = eslintScope.analyze(ast as never, {
        ecmaVersion: 2022,
        sourceType: language.commonjs ? 'commonjs' : 'module',
        nodejsScope: language.commonjs,
        childVisitorKeys: espree.VisitorKeys,
      }) as unknown as TSESLint.Scope.ScopeManager;
      return { ast, scopeManager, parser: 'espree' };
    } catch {
      // not plain JavaScript: the TypeScript parser may still read it
    }
  }
  const result = loadTypeScriptParser().parseForESLint(text, typescriptOptions(language, filename));
  return { ast: result.ast as TSESTree.Program, scopeManager: result.scopeManager as TSESLint.Scope.ScopeManager, parser: 'typescript' };
}

/**
 * Parses `text` with the given parser and the options `parseSource` gives it for `filename`, and throws the parser's
 * error when it does not parse. The codemod checks its output with the parser that read the input: what the
 * recogniser could read before the rewrite, it can read after it.
 */
export function assertParsesWith(parser: SourceParser, text: string, filename: string): void {
  const language = languageOf(filename);
  if (parser === 'espree') espree.parse(text, espreeOptions(language));
  else loadTypeScriptParser().parseForESLint(text, typescriptOptions(language, filename));
}
