import { closeSync, existsSync, lstatSync, openSync, readdirSync, readSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint as ESLintClass } from 'eslint';
import { parseInteger, parseVerbArgs } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { describeFileError, isPermissionError } from './fix-io.js';
import { folderProblem } from './paths.js';
import type { Verb } from './verb.js';

const usage = `Usage: tableau-rest lint [paths...] [options]

Runs ESLint with the tableau-rest rules over the given files and folders (default: .).
Uses the project's own eslint.config.* when there is one; otherwise this plugin's
"recommended" config on JavaScript and TypeScript files.

Options:
  --format NAME         ESLint formatter (stylish, json, ...); "sarif" writes SARIF 2.1.0 for code scanning
  --output-file FILE    write the report to FILE instead of standard output (its folder must exist)
  --max-warnings N      exit 1 when there are more than N warnings (default: warnings do not fail)
  --cache               only re-lint changed files (ESLint's cache; do not combine with typed linting)
  --concurrency N|auto  lint with N worker threads (ESLint's --concurrency)
  --help, --version

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 a path or file could not be read or
parsed, or a bad flag (an unknown formatter, an output file that cannot be written), 3 internal error.`;

type ESLintModule = { ESLint: typeof ESLintClass };

/** ESLint as installed in the project being linted (so its version and plugins are the user's), else ours. */
async function loadEslint(cwd: string): Promise<ESLintModule> {
  try {
    const requireFromProject = createRequire(join(cwd, 'package.json'));
    const entry = requireFromProject.resolve('eslint');
    return (await import(pathToFileURL(entry).href)) as ESLintModule;
  } catch {
    return (await import('eslint')) as unknown as ESLintModule;
  }
}

/** The SARIF formatter, loaded by path: ESLint would resolve the name "sarif" to another package. */
function sarifFormatterPath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('@microsoft/eslint-formatter-sarif');
}

export const lintVerb: Verb = {
  name: 'lint',
  summary: 'find Tableau REST calls that break when the session token expires',
  usage,
  async run(argv) {
    const { values, positionals } = parseVerbArgs('lint', {
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        'output-file': { type: 'string' },
        'max-warnings': { type: 'string' },
        cache: { type: 'boolean' },
        concurrency: { type: 'string' },
      },
    });
    const maxWarnings = values['max-warnings'] === undefined ? undefined : parseInteger('--max-warnings', values['max-warnings']);
    const concurrency = parseConcurrency(values.concurrency);
    const cwd = process.cwd();
    const show = (path: string): string => relative(cwd, path) || path;
    const requested = positionals.length > 0 ? positionals : ['.'];
    const outputFile = values['output-file'] === undefined ? undefined : checkOutputFile(cwd, values['output-file'], show);

    // A missing path, or a glob that matches no file, is reported by name and skipped; the others are still linted.
    // A glob is expanded here too, so that the files it matches get the same checks as the files of a folder.
    let badInput = false;
    const checked: string[] = [];
    const paths = requested.filter((p) => {
      if (existsSync(resolve(cwd, p))) {
        checked.push(resolve(cwd, p));
        return true;
      }
      if (isGlob(p)) {
        const matched = expandGlob(cwd, p);
        if (matched.length > 0) {
          checked.push(...matched);
          return true;
        }
        console.error(`tableau-rest lint: ${p}: no files match this pattern`);
      } else {
        console.error(`tableau-rest lint: ${p}: no such file or directory`);
      }
      badInput = true;
      return false;
    });
    if (paths.length === 0) return EXIT.usage;

    // Files ESLint would choke on (unreadable, binary, huge, a named pipe) are named and skipped; the rest are linted.
    const unlintable = checked.flatMap((file) => unlintableFiles(file));
    for (const { file, reason } of unlintable) {
      console.error(`tableau-rest lint: ${relative(cwd, file) || file}: ${reason}; skipped`);
      badInput = true;
    }

    const { ESLint } = await loadEslint(cwd);
    const probe = new ESLint({ cwd });
    const projectConfig = await probe.findConfigFile();
    const cache = values.cache === true;
    const ignorePatterns = unlintable.map(({ file }) => relative(cwd, file));
    const eslint = projectConfig
      ? new ESLint({ cwd, errorOnUnmatchedPattern: false, cache, ignorePatterns, ...(concurrency !== undefined ? { concurrency } : {}) })
      : await withoutProjectConfig(ESLint, { cwd, cache, concurrency, ignorePatterns });

    // The formatter is loaded before linting, so that a misspelt --format costs nothing and says what it is.
    const formatter = await loadFormatter(eslint, values.format);

    let results: ESLintClass.LintResult[];
    try {
      results = await eslint.lintFiles(paths);
    } catch (error) {
      throw ruleCrash(error, show) ?? new UsageError(`lint: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }

    if (projectConfig && !(await enablesOurRules(eslint, results))) {
      console.error(`tableau-rest lint: note: ${projectConfig} enables no tableau-rest rule; add ...tableauRest.configs.recommended to it (see README).`);
    }

    // ESLint 10 passes cwd to formatters too; its published ResultsMeta type does not list it yet.
    let output = await formatter.format(results, { cwd, rulesMeta: eslint.getRulesMetaForResults(results) } as ESLintClass.LintResultData);
    if (values.format === 'sarif') output = completeSarif(output, ESLint.version);
    if (outputFile !== undefined) {
      try {
        writeFileSync(outputFile.path, output);
      } catch (error) {
        throw new UsageError(`lint: cannot write --output-file ${outputFile.name}: ${describeFileError(error)}`);
      }
    }
    else if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);

    // A file that does not parse is bad input, not a finding: name it on stderr and exit 2.
    for (const result of results) {
      const fatal = result.messages.find((m) => m.fatal);
      if (fatal) {
        console.error(`tableau-rest lint: ${result.filePath}: could not parse (line ${fatal.line ?? '?'}): ${fatal.message}`);
        badInput = true;
      }
    }
    const errors = results.reduce((n, r) => n + r.errorCount - r.fatalErrorCount, 0);
    const warnings = results.reduce((n, r) => n + r.warningCount, 0);
    if (badInput) return EXIT.usage;
    if (errors > 0 || (maxWarnings !== undefined && warnings > maxWarnings)) return EXIT.findings;
    return EXIT.ok;
  },
};

/**
 * A rule that threw while linting (ESLint appends "Occurred while linting FILE:LINE" and 'Rule: "ID"' to the
 * message, also across worker threads): an internal error (exit 3) in one line that names the rule, the file and the
 * line, with the original stack kept for TABLEAU_REST_DEBUG. Undefined for any other error (a config error is the
 * user's input: exit 2).
 */
function ruleCrash(error: unknown, show: (path: string) => string): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const where = /\nOccurred while linting (.+?)(?::(\d+))?$/m.exec(error.message);
  const rule = /\nRule: "([^"]+)"$/m.exec(error.message)?.[1] ?? (error as { ruleId?: unknown }).ruleId;
  if (!where || typeof rule !== 'string') return undefined;
  const reason = error.message.slice(0, error.message.indexOf('\nOccurred while linting')).split('\n')[0] || error.name;
  const line = where[2] !== undefined ? ` (line ${where[2]})` : '';
  const crash = new Error(`the rule ${rule} crashed while linting ${show(where[1]!)}${line}: ${reason} (set TABLEAU_REST_DEBUG=1 for the stack)`);
  crash.stack = error.stack;
  return crash;
}

/**
 * The file --output-file names, checked before linting: its folder must exist (a missing one is most likely a typo,
 * so it is not created) and it must not be a folder itself.
 */
function checkOutputFile(cwd: string, name: string, show: (path: string) => string): { path: string; name: string } {
  if (name.trim() === '') throw new UsageError('lint: --output-file needs a file name, such as lint-report.txt');
  const path = resolve(cwd, name);
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    // Not there yet: the usual case.
  }
  if (isFolder) throw new UsageError(`lint: cannot write --output-file ${name}: it is a folder; give a file name such as ${join(name, 'lint-report.txt')}`);
  const problem = folderProblem(dirname(path), show);
  if (problem !== undefined) throw new UsageError(`lint: cannot write --output-file ${name}: ${problem}`);
  return { path, name };
}

/** ESLint's formatter for --format; a name ESLint cannot find is a usage error naming it, not an internal one. */
async function loadFormatter(eslint: ESLintClass, format: string | undefined): Promise<ESLintClass.LoadedFormatter> {
  if (format === 'sarif') return eslint.loadFormatter(sarifFormatterPath());
  try {
    return await eslint.loadFormatter(format);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // "There was a problem loading formatter: <file>\nError: Cannot find module '<file>' ...": the formatter itself is
    // missing (a formatter that is there but fails to load is named with its own first line).
    const file = /^There was a problem loading formatter: (.+)$/m.exec(message)?.[1];
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
    if (file !== undefined && missing !== undefined && (missing === file || pathToFileURL(file).href === missing)) {
      throw new UsageError(
        `lint: --format ${format}: no such formatter (ESLint's own are stylish, json, json-with-metadata and html; also sarif, an installed eslint-formatter-* package or a path to a formatter file)`,
      );
    }
    const reason = (file !== undefined ? message.split('\n')[1]?.replace(/^Error: /, '') : undefined) ?? message.split('\n')[0];
    throw new UsageError(`lint: --format ${format}: ${reason}`);
  }
}

/**
 * The SARIF formatter reads ESLint's version through `require.main`, which an ES module entry point (this CLI)
 * does not have, so `tool.driver.version` would be missing; fill it in.
 */
function completeSarif(output: string, eslintVersion: string): string {
  const log = JSON.parse(output) as { runs?: Array<{ tool?: { driver?: { version?: string } } }> };
  const driver = log.runs?.[0]?.tool?.driver;
  if (!driver || driver.version) return output;
  driver.version = eslintVersion;
  return JSON.stringify(log, null, 2);
}

/**
 * ESLint with this plugin's recommended config, for a project that has no config of its own. The options come
 * from a module URL (lint-options.ts) because `--concurrency` clones options into worker threads, and a plugin
 * object cannot be cloned.
 */
async function withoutProjectConfig(
  ESLint: ESLintModule['ESLint'],
  values: { cwd: string; cache: boolean; concurrency: number | 'auto' | 'off' | undefined; ignorePatterns: string[] },
): Promise<ESLintClass> {
  const url = new URL('./lint-options.js', import.meta.url);
  url.searchParams.set('cwd', values.cwd);
  for (const pattern of values.ignorePatterns) url.searchParams.append('ignore', pattern);
  if (values.cache) url.searchParams.set('cache', '1');
  if (values.concurrency !== undefined) url.searchParams.set('concurrency', String(values.concurrency));
  const fromOptionsModule = (ESLint as unknown as { fromOptionsModule?: (url: URL) => Promise<ESLintClass> }).fromOptionsModule;
  if (typeof fromOptionsModule === 'function') return fromOptionsModule.call(ESLint, url);
  // An ESLint without worker threads (before 9.34, outside the peer range): the same options, inline.
  const { default: options } = (await import(url.href)) as { default: Record<string, unknown> };
  const { concurrency: _ignored, ...inline } = options;
  return new ESLint(inline as ConstructorParameters<typeof ESLint>[0]);
}

const LINTABLE = /\.(c|m)?(j|t)sx?$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Source files under `path` that ESLint could not lint sensibly: unreadable ones (ESLint would abort the
 * whole run), binary ones and ones over 5 MB (minified bundles, generated blobs).
 */
function unlintableFiles(path: string): Array<{ file: string; reason: string }> {
  const found: Array<{ file: string; reason: string }> = [];
  const visit = (file: string, explicit: boolean): void => {
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      return;
    }
    if (stat.isSymbolicLink()) {
      let target;
      try {
        target = statSync(file);
      } catch {
        found.push({ file, reason: 'a link to a file that does not exist' });
        return;
      }
      if (!target.isFile() && !target.isDirectory()) found.push({ file, reason: 'a link to something that is not a regular file (such as a named pipe)' });
      return;
    }
    if (stat.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(file);
      } catch {
        found.push({ file, reason: 'cannot read this folder (permission denied)' });
        return;
      }
      for (const name of names) if (!SKIPPED_DIRS.has(name)) visit(join(file, name), false);
      return;
    }
    if (!explicit && !LINTABLE.test(file)) return;
    // A named pipe, socket or device: reading it could block forever (a pipe with no writer), and it is no source.
    if (!stat.isFile()) {
      found.push({ file, reason: `not a regular file (${stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device'})` });
      return;
    }
    if (stat.size > MAX_BYTES) {
      found.push({ file, reason: `too large to lint (${(stat.size / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB)` });
      return;
    }
    try {
      const fd = openSync(file, 'r');
      const head = Buffer.alloc(Math.min(stat.size, 8192));
      readSync(fd, head, 0, head.length, 0);
      closeSync(fd);
      if (head.includes(0)) found.push({ file, reason: 'looks like a binary file, not source code' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      found.push({ file, reason: isPermissionError(error) ? 'cannot read this file (permission denied)' : `cannot read this file (${code ?? 'unknown error'})` });
    }
  };
  visit(path, true);
  return found;
}

const GLOB_CHARS = /[*?{[]/;

function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/**
 * The files a glob matches (as ESLint reads it: relative to cwd, `/` separators, `**` for any folders), walking
 * only from the part before the first glob character and never into node_modules or .git.
 */
function expandGlob(cwd: string, pattern: string): string[] {
  const parts = pattern.split(/[\\/]/);
  const first = parts.findIndex((part) => isGlob(part));
  const base = resolve(cwd, parts.slice(0, first).join('/') || '.');
  const regex = globToRegExp(resolve(cwd, pattern).split(sep).join('/'));
  const matched: string[] = [];
  const visit = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (regex.test(path.split(sep).join('/'))) matched.push(path);
    }
  };
  visit(base);
  return matched;
}

/** A glob as a regular expression over an absolute, `/`-separated path: `**`, `*`, `?`, `[...]` and `{a,b}`. */
function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function parseConcurrency(value: string | undefined): number | 'auto' | 'off' | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto' || value === 'off') return value;
  return parseInteger('--concurrency', value, { min: 1, max: 256 });
}

/** Whether the project's config turns on any tableau-rest rule for the files it linted. */
async function enablesOurRules(eslint: ESLintClass, results: ESLintClass.LintResult[]): Promise<boolean> {
  const file = results[0]?.filePath;
  if (!file) return true;
  const config = (await eslint.calculateConfigForFile(file)) as { rules?: Record<string, unknown> } | undefined;
  return Object.entries(config?.rules ?? {}).some(([name, entry]) => name.startsWith('tableau-rest/') && severity(entry) > 0);
}

function severity(entry: unknown): number {
  const level = Array.isArray(entry) ? entry[0] : entry;
  return level === 'error' || level === 2 ? 2 : level === 'warn' || level === 1 ? 1 : 0;
}
