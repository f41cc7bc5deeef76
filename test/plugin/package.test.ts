import { ESLint, type Rule } from 'eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import plugin from '../../src/index.js';
import { REPO, run, tempProject } from '../helpers/project.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const RULES = ['no-stale-token', 'handle-auth-errors', 'no-foreign-site', 'no-hardcoded-credentials', 'reauth-only-on-401'];

describe('the installed package', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject({
      'consumer.ts': `
import type { Linter } from 'eslint';
import tableauRest from 'eslint-plugin-tableau-rest';
import { startSimulator } from 'eslint-plugin-tableau-rest/simulator';
import { renderWrapper } from 'eslint-plugin-tableau-rest/session';
const config: Linter.Config[] = [...tableauRest.configs.recommended, ...tableauRest.configs.strict, { settings: { 'tableau-rest': { clients: ['tableauGet'] } } }];
const name: string = tableauRest.meta.name;
void config; void name; void startSimulator; void renderWrapper;
`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['consumer.ts'] }),
    });
  });
  afterAll(() => project.cleanup());

  it('imports from ESM by its name, default export the plugin', async () => {
    const r = await run(['--input-type=module', '-e', "import p from 'eslint-plugin-tableau-rest'; console.log(JSON.stringify([p.meta, Object.keys(p.rules), Object.keys(p.configs)]))"], { cwd: project.dir, command: process.execPath });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { name: 'eslint-plugin-tableau-rest', version: pkg.version, namespace: 'tableau-rest' },
      RULES,
      ['recommended', 'strict', 'recommended-type-checked'],
    ]);
  });

  it('require() returns the plugin object itself', async () => {
    const r = await run(['-e', "const p = require('eslint-plugin-tableau-rest'); console.log(p.meta.namespace, Object.keys(p.configs).length, typeof p.rules['no-stale-token'].create)"], { cwd: project.dir, command: process.execPath });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('tableau-rest 3 function');
  });

  it('ships type declarations that type-check a flat config with ESLint\'s own types', async () => {
    const r = await run([join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project.dir, command: process.execPath });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('exports the simulator, the wrapper generator and package.json', async () => {
    const r = await run(['--input-type=module', '-e', `
      const sim = await import('eslint-plugin-tableau-rest/simulator');
      const session = await import('eslint-plugin-tableau-rest/session');
      const { createRequire } = await import('node:module');
      const require = createRequire(process.cwd() + '/x.js');
      console.log(typeof sim.startSimulator, typeof session.renderWrapper, require('eslint-plugin-tableau-rest/package.json').name);
    `], { cwd: project.dir, command: process.execPath });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('function function eslint-plugin-tableau-rest');
  });
});

describe('configs', () => {
  it.each(Object.keys(plugin.configs))('%s has a named JavaScript block, JSX parsing for .jsx and a TypeScript block with its parser', (name) => {
    const blocks = plugin.configs[name as keyof typeof plugin.configs];
    expect(blocks.map((b) => [b.name, b.files])).toEqual([
      [`tableau-rest/${name}`, ['**/*.{js,mjs,cjs,jsx}']],
      [`tableau-rest/${name}/jsx`, ['**/*.jsx']],
      [`tableau-rest/${name}/typescript`, ['**/*.{ts,tsx,mts,cts}']],
    ]);
    expect(blocks[2].languageOptions?.parser).toBeDefined();
    expect(Object.keys(blocks[0].rules ?? {}).sort()).toEqual(RULES.map((r) => `tableau-rest/${r}`).sort());
  });

  it('recommended: no-foreign-site warns, the rest are errors; strict: all errors', () => {
    const severity = (entry: unknown) => (Array.isArray(entry) ? entry[0] : entry);
    const recommended = plugin.configs.recommended[0].rules!;
    expect(Object.fromEntries(Object.entries(recommended).map(([k, v]) => [k, severity(v)]))).toEqual({
      'tableau-rest/no-stale-token': 'error',
      'tableau-rest/handle-auth-errors': 'error',
      'tableau-rest/no-foreign-site': 'warn',
      'tableau-rest/no-hardcoded-credentials': 'error',
      'tableau-rest/reauth-only-on-401': 'error',
    });
    expect(Object.values(plugin.configs.strict[0].rules!).map(severity)).toEqual(RULES.map(() => 'error'));
  });

  it.each(Object.keys(plugin.configs))('%s lints a .jsx file instead of reporting a parse error', async (name) => {
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: plugin.configs[name as keyof typeof plugin.configs] });
    const [result] = await eslint.lintText(
      "let token;\nexport const B = () => <button onClick={() => fetch('/api/3.19/serverinfo', { headers: { 'X-Tableau-Auth': token } }).then((r) => r.ok)}>x</button>;\n",
      { filePath: 'c.jsx' },
    );
    expect(result.messages.map((m) => m.ruleId ?? m.message)).toEqual(['tableau-rest/no-stale-token']);
  });

  it('every config is accepted by ESLint (strict options validate against each rule schema) on JS and TS files', async () => {
    for (const blocks of Object.values(plugin.configs)) {
      const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: blocks.map((b) => ({ ...b, languageOptions: { ...b.languageOptions, parserOptions: {} } })) });
      const results = await Promise.all([
        eslint.lintText("fetch('/api/3.19/sessions/current', { headers: { 'X-Tableau-Auth': process.env.T } }).then((r) => r.json());", { filePath: 'a.js' }),
        eslint.lintText("export const f = (t: string): Promise<Response> => fetch('/api/3.19/serverinfo', { headers: { 'X-Tableau-Auth': t } });", { filePath: 'b.ts' }),
      ]);
      expect(results.flat().map((r) => r.messages.map((m) => m.ruleId))).toEqual([
        ['tableau-rest/handle-auth-errors', 'tableau-rest/no-stale-token'],
        [],
      ]);
    }
  });

  it('rules carry docs metadata the editor, SARIF and the doc generator show', () => {
    for (const name of RULES) {
      const meta = (plugin.rules[name] as unknown as { meta: Rule.RuleMetaData }).meta;
      expect(meta.docs?.url).toBe(`https://github.com/tableau-rest/eslint-plugin-tableau-rest/blob/main/rules/${name}.md`);
      expect(meta.docs?.description).toMatch(/^[A-Z].*[^.]$/);
      expect(meta.type).toBe('problem');
      expect(meta.fixable).toBeUndefined(); // nothing that changes auth or requests is ever applied automatically
      expect(readFileSync(join(REPO, 'rules', `${name}.md`), 'utf8')).toContain(`# tableau-rest/${name}`);
    }
  });
});

test('rule docs and the README rule table are what eslint-doc-generator makes from the rules', async () => {
  const r = await run(['--check'], { cwd: REPO, command: join(REPO, 'node_modules/.bin/eslint-doc-generator') });
  expect(r.stdout + r.stderr).not.toMatch(/differ|out of date|Error/i);
  expect(r.code).toBe(0);
});
