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

/**
 * Parses a file for the recogniser outside ESLint. JavaScript is read as ESLint reads it (espree and eslint-scope:
 * a few times faster than the TypeScript parser); TypeScript, and JavaScript espree rejects (TypeScript or Flow
 * in a .js file), with the TypeScript parser, loaded only then (it brings TypeScript itself). Node ranges are
 * offsets into `text`; throws the parser's error when the text does not parse.
 */
export function parseSource(text: string, filename: string): { ast: TSESTree.Program; scopeManager: TSESLint.Scope.ScopeManager } {
  const language = languageOf(filename);
  if (!language.typescript) {
    try {
      const ast = espree.parse(text, {
        range: true,
        loc: true,
        comment: true,
        ecmaVersion: 'latest',
        sourceType: language.commonjs ? 'commonjs' : 'module',
        ecmaFeatures: { jsx: true },
      }) as unknown as TSESTree.Program;
      // The TypeScript parser does not list a `#!` line as a comment; keep both parsers' programs alike.
      ast.comments = ast.comments?.filter((c) => (c.type as string) !== 'Hashbang');
      const scopeManager = eslintScope.analyze(ast as never, {
        ecmaVersion: 2022,
        sourceType: language.commonjs ? 'commonjs' : 'module',
        nodejsScope: language.commonjs,
        childVisitorKeys: espree.VisitorKeys,
      }) as unknown as TSESLint.Scope.ScopeManager;
      return { ast, scopeManager };
    } catch {
      // not plain JavaScript: the TypeScript parser may still read it
    }
  }
  const { parseForESLint } = createRequire(import.meta.url)('@typescript-eslint/parser') as typeof import('@typescript-eslint/parser');
  const result = parseForESLint(text, {
    range: true,
    loc: true,
    comment: true,
    tokens: false,
    ecmaVersion: 'latest',
    sourceType: language.commonjs && !language.typescript ? 'script' : 'module',
    ecmaFeatures: { jsx: language.jsx },
    filePath: filename,
  });
  return { ast: result.ast as TSESTree.Program, scopeManager: result.scopeManager as TSESLint.Scope.ScopeManager };
}
