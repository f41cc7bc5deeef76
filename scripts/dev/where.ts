// Dev aid: prints where a rule reports on each invalid case of a test file, with the text found there,
// so expected line/column numbers are checked against the code rather than counted by eye.
import { Linter } from 'eslint';
import * as parser from '@typescript-eslint/parser';
import plugin from '../../src/index.js';

const [ruleName, testFile] = process.argv.slice(2);
const cases: Array<{ name: string; code: string; filename?: string; options?: unknown[]; settings?: Record<string, unknown> }> = [];
Object.assign(globalThis, { afterAll: () => {}, describe: () => {}, it: () => {} });
const { ruleTester } = await import('../../test/rules/rule-tester.js');
(ruleTester as unknown as { run: unknown }).run = (_n: string, _r: unknown, t: { invalid: typeof cases }) => cases.push(...t.invalid);
await import(testFile);
const linter = new Linter({ configType: 'flat' });
for (const c of cases) {
  const messages = linter.verify(c.code, [{
    files: ['**/*.{js,cjs,mjs,ts,tsx,jsx}'],
    plugins: { 'tableau-rest': plugin as never },
    languageOptions: { parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: (c.filename ?? '').endsWith('x') } } },
    settings: c.settings ?? {},
    rules: { [`tableau-rest/${ruleName}`]: ['error', ...(c.options ?? [])] },
  }], c.filename ?? 'file.ts');
  console.log(`# ${c.name}`);
  const lines = c.code.split('\n');
  for (const m of messages) console.log(`  ${m.messageId ?? m.message} ${m.line}:${m.column}  ${lines[m.line - 1]?.slice(m.column - 1, m.column + 40)}`);
}
