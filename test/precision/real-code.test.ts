import { Linter } from 'eslint';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import plugin from '../../src/index.js';
import { mightCallTableau, normalizeSettings } from '../../src/recognizer/index.js';

// Large codebases no one here wrote, installed as our own dependencies. None of them calls Tableau, so
// any report is a false positive, and any exception is a rule crash that would block someone's CI.
// Almost none of these files passes the rules' cheap pre-check (mightCallTableau), which would leave the
// recogniser itself untested here; a comment naming the header at the end of each file lets every file
// through to the full analysis and the rules, without moving a line.
const PRECHECK_MARKER = '\n// X-Tableau-Auth\n';
const ROOT = join(import.meta.dirname, '../..');
const CORPUS = [
  'node_modules/eslint/lib',
  'node_modules/@typescript-eslint',
  'node_modules/axios/lib',
  'node_modules/jscodeshift/src',
  'node_modules/recast/lib',
  'node_modules/vitest/dist',
];

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(c|m)?(j|t)s$/.test(name) && !/\.d\.(c|m)?ts$/.test(name)) yield path;
  }
}

test('all five rules on real code, every file fully analysed: zero reports and zero crashes', () => {
  const allRules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`tableau-rest/${name}`, 'error' as const]));
  // Lint as the user's config would (the plugin's own blocks), with every rule on; the Linter reads the
  // text directly, so node_modules' default ignores do not apply.
  const config = [
    { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' as const } },
    ...plugin.configs.strict.map((block) => ({ ...block, rules: allRules })),
    { files: ['**/*.{js,cjs,mjs}'], languageOptions: { sourceType: 'module' as const, ecmaVersion: 'latest' as const } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' as const } },
  ];
  const linter = new Linter({ configType: 'flat' });
  const findings: string[] = [];
  let files = 0;
  let lines = 0;
  let unparsable = 0;
  let passedPrecheck = 0;
  const settings = normalizeSettings(undefined);
  for (const dir of CORPUS) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const original = readFileSync(file, 'utf8');
      if (mightCallTableau(original, settings)) passedPrecheck++;
      const text = original + PRECHECK_MARKER;
      expect(mightCallTableau(text, settings)).toBe(true);
      const name = relative(ROOT, file).replace(/^node_modules\//, 'corpus/');
      const messages = linter.verify(text, config, name);
      files++;
      lines += text.split('\n').length;
      for (const m of messages) {
        if (m.fatal) unparsable++;
        else if (m.ruleId?.startsWith('tableau-rest/')) findings.push(`${name}:${m.line}:${m.column} ${m.ruleId}: ${m.message.slice(0, 60)}`);
      }
    }
  }
  console.log(`linted ${files} files, ${lines} lines (${unparsable} not parsable as modules, ${passedPrecheck} pass the pre-check unaided)`);
  expect(files).toBeGreaterThan(1000);
  // A parser or config regression would turn most files into parse errors and this test into a no-op.
  expect(unparsable).toBeLessThan(files / 50);
  expect(lines).toBeGreaterThan(200_000);
  expect(findings).toEqual([]);
}, 600_000);
