// The use-session-wrapper transform, as shipped (dist/codemods/use-session-wrapper.cjs), driven through the real
// jscodeshift API over fixture pairs: exact output, review sites, idempotence, re-parse with both parsers, a tsc
// type-check of every TypeScript output against the generated wrapper, and no no-stale-token/handle-auth-errors
// finding left at a rewritten call.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseTypeScript } from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import jscodeshift from 'jscodeshift';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'codemods', '__testfixtures__', 'use-session-wrapper');
const require = createRequire(import.meta.url);

type Transform = (file: { path: string; source: string }, api: unknown, options: Record<string, unknown>) => string | undefined;
const codemod = require(join(root, 'dist', 'codemods', 'use-session-wrapper.cjs')) as {
  default: Transform;
  parserFor(path: string): 'ts' | 'tsx';
  assertJscodeshiftParses(name: 'ts' | 'tsx', text: string): void;
};

interface Run {
  output: string;
  reports: string[];
  rewritten: number;
}

function run(path: string, source: string): Run {
  const reports: string[] = [];
  const stats: Record<string, number> = {};
  const api = {
    j: jscodeshift,
    jscodeshift,
    stats: (name: string, quantity = 1) => void (stats[name] = (stats[name] ?? 0) + quantity),
    report: (message: string) => void reports.push(message),
  };
  const wrapper = join(fixtures, /\.[cm]?tsx?$/.test(path) ? 'tableau-session.ts' : 'tableau-session.js');
  const out = codemod.default({ path, source }, api, { wrapper, writeWrapper: false });
  return { output: out ?? source, reports: reports.map((r) => r.slice(path.length + 1)), rewritten: stats['call sites rewritten'] ?? 0 };
}

const cases = readdirSync(fixtures)
  .filter((f) => f.includes('.input.'))
  .map((f) => {
    const [name, , extension] = f.split('.') as [string, string, string];
    return { name, extension, input: join(fixtures, f), output: join(fixtures, `${name}.output.${extension}`), review: join(fixtures, `${name}.review.txt`) };
  });

const results = new Map<string, Run>();

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

describe('use-session-wrapper fixtures', () => {
  it('has at least 20 cases, changed and unchanged', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    const unchanged = cases.filter((c) => readFileSync(c.input, 'utf8') === readFileSync(c.output, 'utf8'));
    expect(unchanged.length).toBeGreaterThanOrEqual(5);
    expect(cases.length - unchanged.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(cases)('$name.$extension', (c) => {
    const source = readFileSync(c.input, 'utf8');
    const expected = readFileSync(c.output, 'utf8');

    it('rewrites to the expected output and reports the expected sites', () => {
      const result = run(c.input, source);
      results.set(c.name, result);
      expect(result.output).toBe(expected);
      const review = readOptional(c.review);
      expect(result.reports.join('\n')).toBe((review ?? '').trimEnd());
      if (expected !== source) expect(result.rewritten).toBeGreaterThan(0);
      else expect(result.rewritten).toBe(0);
    });

    it('changes nothing when run again on its output', () => {
      const again = run(c.output, expected);
      expect(again.output).toBe(expected);
      expect(again.rewritten).toBe(0);
    });

    it('gives output that parses with jscodeshift and with the TypeScript parser', () => {
      expect(() => jscodeshift.withParser(codemod.parserFor(c.output))(expected)).not.toThrow();
      const jsx = !/^[cm]?ts$/.test(c.extension);
      expect(() =>
        parseTypeScript(expected, { ecmaVersion: 'latest', sourceType: c.extension === 'cjs' ? 'script' : 'module', ecmaFeatures: { jsx } }),
      ).not.toThrow();
    });
  });

  it("checks an output with jscodeshift's parser without its token list: the same texts accepted and refused", () => {
    const texts = [
      ...readdirSync(fixtures).filter((f) => /\.(input|output)\./.test(f)).map((f) => readFileSync(join(fixtures, f), 'utf8')),
      'const a = ;\n',
      'let x = 1;\nlet x = 2;\n',
      'const a = <div />;\n',
      'const f = <T,>(x: T) => x;\n',
      'function f(x: string {\n}\n',
      'return 1;\n',
      'await fetch(url);\n',
      'export default class { @dec m() {} }\n',
      'const re = /[/;\n',
      'a?.b = 1;\n',
    ];
    let refused = 0;
    for (const name of ['ts', 'tsx'] as const) {
      for (const text of texts) {
        let expected = true;
        try {
          jscodeshift.withParser(name)(text);
        } catch {
          expected = false;
          refused++;
        }
        let accepted = true;
        try {
          codemod.assertJscodeshiftParses(name, text);
        } catch {
          accepted = false;
        }
        expect({ name, text, accepted }).toEqual({ name, text, accepted: expected });
      }
    }
    expect(refused).toBeGreaterThan(5);
  });

  it('keeps CRLF line endings and the byte-order mark', () => {
    const output = readFileSync(join(fixtures, 'crlf-bom.output.js'), 'utf8');
    expect(output.startsWith('\uFEFF')).toBe(true);
    expect(output).toContain('tableauSession.fetch');
    expect(output.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('type-checks every TypeScript output against the generated wrapper (tsc --strict)', async () => {
    const { renderWrapper } = (await import(join(root, 'dist', 'src', 'session', 'index.js'))) as typeof import('../../src/session/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'tableau-codemod-tsc-'));
    try {
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
      writeFileSync(join(dir, 'tableau-session.ts'), renderWrapper({ language: 'ts', module: 'esm' }));
      // Stand-ins for packages the fixtures import but this repository does not install.
      writeFileSync(
        join(dir, 'shims.d.ts'),
        [
          "declare module 'react' {",
          '  export function useState<T>(initial: T): [T, (value: T) => void];',
          '  export function useEffect(effect: () => void, deps: unknown[]): void;',
          '}',
          'declare namespace JSX {',
          '  type Element = unknown;',
          '  interface IntrinsicElements { [name: string]: Record<string, unknown> }',
          '}',
        ].join('\n'),
      );
      const typescriptOutputs = cases.filter((c) => /^[cm]?tsx?$/.test(c.extension));
      expect(typescriptOutputs.length).toBeGreaterThanOrEqual(5);
      for (const c of typescriptOutputs) writeFileSync(join(dir, `${c.name}.${c.extension}`), readFileSync(c.output, 'utf8'));
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            types: ['node'],
            strict: true,
            noEmit: true,
            jsx: 'preserve',
            skipLibCheck: true,
          },
          include: ['*.ts', '*.tsx', '*.mts', '*.cts'],
        }),
      );
      let output = '';
      try {
        execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      expect(output).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves no no-stale-token or handle-auth-errors finding at a rewritten call', async () => {
    const plugin = ((await import(join(root, 'dist', 'src', 'index.js'))) as { default: { configs: { recommended: ESLint.Options['overrideConfig'][] } } }).default;
    const eslint = new ESLint({ cwd: fixtures, overrideConfigFile: true, overrideConfig: plugin.configs.recommended as never, ignore: false });
    const watched = new Set(['tableau-rest/no-stale-token', 'tableau-rest/handle-auth-errors']);
    let findingsBefore = 0;
    for (const c of cases) {
      const input = readFileSync(c.input, 'utf8');
      const output = readFileSync(c.output, 'utf8');
      if (input === output) continue;
      const before = (await eslint.lintText(input, { filePath: c.input }))[0]!.messages.filter((m) => watched.has(m.ruleId ?? ''));
      findingsBefore += before.length;
      const after = (await eslint.lintText(output, { filePath: c.output }))[0]!.messages.filter((m) => watched.has(m.ruleId ?? ''));
      // What remains is on lines that did not go through the session (a token-less serverinfo call, say).
      const lines = output.split(/\r?\n/);
      for (const m of after) expect(`${c.name}:${m.line} ${lines[m.line - 1]}`).not.toMatch(/[sS]ession\.fetch|attachToAxios|\b(api|http|axios)\.(get|post)\b/);
      const beforeLines = new Set(before.map((m) => input.split(/\r?\n/)[m.line - 1]?.trim()));
      for (const m of after) expect(beforeLines.has(lines[m.line - 1]?.trim())).toBe(true);
    }
    expect(findingsBefore).toBeGreaterThanOrEqual(15);
  });
});

// A fixture set that must never be empty or silently shrink: names a reviewer can check against the issue.
describe('fixture coverage', () => {
  it.each([
    ['fetch', 'fetch-module-token'],
    ['node-fetch (CommonJS class)', 'node-fetch-class'],
    ['node-fetch (TypeScript import)', 'node-fetch-import'],
    ['axios default with defaults headers', 'axios-default-defaults'],
    ['axios instance with defaults headers', 'axios-instance-defaults'],
    ['axios.create with per-call headers', 'axios-create-headers'],
    ['axios instance in a class', 'axios-instance-in-class'],
    ['class client (TypeScript)', 'fetch-class'],
    ['module-level token', 'fetch-module-token'],
    ['module object token', 'module-object-token'],
    ['already wrapped', 'already-wrapped'],
    ['non-Tableau code', 'no-tableau'],
    ['per-user token from a parameter (unchanged, reported)', 'per-user-parameter'],
    ['per-user token from req.session / req.user (unchanged, reported)', 'per-user-request'],
    ["per-user token from another function's result (unchanged, reported)", 'per-user-call-result'],
    ['server read from the environment inside a function (unchanged, reported)', 'env-read-in-function'],
    ['server read from import.meta.env (a Vite page script)', 'vite-env'],
    ['JWT sign-in whose body a helper builds (unchanged, reported)', 'jwt-helper-body'],
  ])('covers %s', (_what, name) => {
    expect(cases.some((c) => c.name === name)).toBe(true);
  });
});
