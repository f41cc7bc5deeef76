/**
 * jscodeshift transform: moves legacy Tableau REST calls onto the generated session wrapper.
 *
 *   npx jscodeshift --no-babel -t node_modules/eslint-plugin-tableau-rest/dist/codemods/use-session-wrapper.cjs src/
 *   npx jscodeshift --no-babel -t ... --wrapper=src/tableau-session.ts src/      (where the wrapper lives or goes)
 *
 * Built by scripts/build.mjs into dist/codemods/use-session-wrapper.cjs (CommonJS: jscodeshift's workers cannot load
 * ES modules). `tableau-rest fix` drives the same file with atomic writes, a diff, a dirty-tree check and a summary.
 *
 * The plan comes from src/codemod/use-session-wrapper.ts, which reads the file with the same recogniser the lint rules
 * use, so the codemod rewrites what the rules flag. Edits are spliced into the original text by node ranges, so
 * every character outside an edit (formatting, comments, line endings, quotes) stays as it was. The output is parsed
 * again, with the parser that read the input (espree for JavaScript, the TypeScript parser for TypeScript and for
 * JavaScript espree rejects) and with jscodeshift's parser for the file's extension (`.ts`/`.mts`/`.cts`: ts, anything
 * else: tsx); when it does not parse, the file is returned unchanged and the problem reported.
 */
import type { API, FileInfo, Options } from 'jscodeshift';
import { createRequire } from 'node:module';
import { planUseSessionWrapper, type PlanResult } from '../src/codemod/use-session-wrapper.js';
import { checkWrapper, writeWrapper } from '../src/session/index.js';
import type { TableauRestSettings } from '../src/recognizer/index.js';

/**
 * Where jscodeshift's own modules resolve from, so that its @babel/parser and the options its ts and tsx parsers give
 * it (parser/tsOptions.js) are the ones checked against. Resolved with the transform, so that a missing jscodeshift
 * fails when the transform loads; @babel/parser is loaded only when first used.
 */
const jscodeshiftRequire = createRequire(createRequire(import.meta.url).resolve('jscodeshift/src/getParser.js'));
const jscodeshiftTsOptions = jscodeshiftRequire('../parser/tsOptions.js') as { plugins: readonly unknown[] } & Record<string, unknown>;
let babelParse: ((code: string, options: object) => unknown) | undefined;
const checkOptions: Partial<Record<'ts' | 'tsx', object>> = {};

/**
 * Throws when jscodeshift's parser for the file (what its withParser hands to recast: parser/ts.js and parser/tsx.js,
 * which add JSX) refuses the text. Called with the options those give @babel/parser less the token list, which only
 * recast's printing reads: the token list cost a quarter of a parse, and Babel accepts the same text without it.
 */
export function assertJscodeshiftParses(name: 'ts' | 'tsx', text: string): void {
  babelParse ??= (jscodeshiftRequire('@babel/parser') as { parse(code: string, options: object): unknown }).parse;
  const options = (checkOptions[name] ??= {
    ...jscodeshiftTsOptions,
    plugins: name === 'tsx' ? ['jsx', ...jscodeshiftTsOptions.plugins] : jscodeshiftTsOptions.plugins,
    tokens: false,
  });
  babelParse(text, options);
}

/** The jscodeshift parser for a file: TypeScript without JSX for .ts/.mts/.cts, TSX for everything else. */
export function parserFor(path: string): 'ts' | 'tsx' {
  return /\.[cm]?ts$/i.test(path) ? 'ts' : 'tsx';
}

export interface UseSessionWrapperOptions extends Options {
  /** Where the generated wrapper lives or goes (relative to the working directory). */
  wrapper?: string;
  /** `settings['tableau-rest']` of the lint rules, as an object or JSON text. */
  settings?: TableauRestSettings | string;
  /** Generate the wrapper when a rewritten file needs it and it is missing (default true; never with --dry). */
  writeWrapper?: boolean | string;
}

export default function transform(file: FileInfo, api: API, options: UseSessionWrapperOptions): string | undefined {
  const { output } = applyToFile(file, api, options);
  return output;
}

/**
 * The transform with its plan: what `tableau-rest fix` calls (through jscodeshift's API, like jscodeshift's own
 * workers), so it can count sites, print notes and generate each wrapper once itself.
 */
export function applyToFile(file: FileInfo, api: API, options: UseSessionWrapperOptions): { output: string | undefined; plan: PlanResult } {
  const result = plan(file, options);
  for (const site of result.review) api.report(`${file.path}:${site.line}:${site.column}: ${site.reason}`);
  if (result.skipped) return { output: undefined, plan: result };
  if (result.output === file.source) return { output: file.source, plan: result };
  if (result.rewritten > 0) api.stats('call sites rewritten', result.rewritten);
  const wantWrapper = !options.dry && options.writeWrapper !== false && options.writeWrapper !== 'false';
  if (result.wrapper && wantWrapper && checkWrapper(result.wrapper).state === 'missing') writeWrapper(result.wrapper);
  return { output: result.output, plan: result };
}

function plan(file: FileInfo, options: UseSessionWrapperOptions): PlanResult {
  let result: PlanResult;
  try {
    result = planUseSessionWrapper(file.source, file.path, {
      wrapper: typeof options.wrapper === 'string' ? options.wrapper : undefined,
      settings: typeof options.settings === 'string' ? (JSON.parse(options.settings) as TableauRestSettings) : options.settings,
    });
  } catch (error) {
    // The input does not parse, or the output would not: jscodeshift counts a thrown error as a failed file.
    throw new Error(`${file.path}: ${firstLine(error)}`, { cause: error });
  }
  if (result.output === file.source) return result;
  // The output must also parse with jscodeshift's own parser, when the input does. The parser itself accepts and
  // refuses the same text as jscodeshift does, without recast building its copy of the tree for printing, which a
  // check does not need.
  const parser = parserFor(file.path);
  try {
    assertJscodeshiftParses(parser, result.output);
  } catch (error) {
    let inputParses = true;
    try {
      assertJscodeshiftParses(parser, file.source);
    } catch {
      inputParses = false;
    }
    if (inputParses) {
      const reason = `left unchanged: the rewritten text would not parse (${firstLine(error)}); please report this`;
      return { ...result, output: file.source, rewritten: 0, review: [...result.review, { line: 1, column: 1, reason }] };
    }
  }
  return result;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Named exports for `tableau-rest fix` (which reads the structured plan rather than parsing report lines). */
export { planUseSessionWrapper };
/** The recogniser's text pre-check, so that `tableau-rest fix` skips files without loading a second copy of the recogniser. */
export { mightCallTableau, normalizeSettings, preloadTypeScript } from '../src/recognizer/index.js';
