import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO, run, tempProject } from '../helpers/project.js';

const STALE = `
let token;
export const views = (siteId) =>
  fetch(\`https://t.example.com/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } }).then((r) => (r.ok ? r.json() : []));
`;
const CLEAN = `
export const views = (base, siteId, token) =>
  fetch(\`\${base}/api/3.19/sites/\${siteId}/views\`, { headers: { 'X-Tableau-Auth': token } }).then((r) => (r.ok ? r.json() : []));
`;
const FOREIGN_ONLY = `
export const views = (base, token) => fetch(\`\${base}/api/3.19/sites/marketing/views\`, { headers: { 'X-Tableau-Auth': token } }).then((r) => r.ok);
`;

describe('tableau-rest lint', () => {
  let project: ReturnType<typeof tempProject>;
  beforeEach(() => {
    project = tempProject({ 'src/views.mjs': STALE, 'src/clean.js': CLEAN, 'src/types.ts': 'export const n: number = 1;\n' });
  });
  afterEach(() => project.cleanup());

  it('without a project config, uses the recommended config on JS and TS and exits 1 on errors', async () => {
    const r = await run(['lint'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('src/views.mjs');
    expect(r.stdout).toContain('tableau-rest/no-stale-token');
    expect(r.stdout).not.toContain('clean.js');
    expect(r.stderr).toBe('');
  });

  it('exits 0 on a clean tree, and on warnings alone unless --max-warnings is exceeded', async () => {
    writeFileSync(join(project.dir, 'src/views.mjs'), FOREIGN_ONLY);
    const warned = await run(['lint', 'src'], { cwd: project.dir });
    expect(warned.stdout).toContain('tableau-rest/no-foreign-site');
    expect(warned.code).toBe(0);
    const strict = await run(['lint', 'src', '--max-warnings', '0'], { cwd: project.dir });
    expect(strict.code).toBe(1);
    const clean = await run(['lint', 'src/clean.js'], { cwd: project.dir });
    expect([clean.code, clean.stdout]).toEqual([0, '']);
  });

  it('passes --format through (json)', async () => {
    const r = await run(['lint', 'src', '--format', 'json'], { cwd: project.dir });
    const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number }> }>;
    const views = results.find((x) => x.filePath.endsWith('views.mjs'))!;
    expect(views.messages.map((m) => [m.ruleId, m.line])).toEqual([['tableau-rest/no-stale-token', 4]]);
  });

  it('writes the report to --output-file', async () => {
    const r = await run(['lint', 'src', '--format', 'json', '--output-file', 'report.json'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8'))).toHaveLength(3);
  });

  it("uses the project's own eslint.config.js when there is one, and says so when it enables no rule of ours", async () => {
    writeFileSync(join(project.dir, 'eslint.config.js'), "export default [{ rules: { 'no-debugger': 'error' } }];\n");
    writeFileSync(join(project.dir, 'src/debug.js'), 'debugger;\n');
    const r = await run(['lint', 'src/debug.js', 'src/views.mjs'], { cwd: project.dir });
    expect(r.stdout).toContain('no-debugger');
    expect(r.stdout).not.toContain('tableau-rest/');
    expect(r.stderr).toMatch(/eslint\.config\.js enables no tableau-rest rule/);
    expect(r.code).toBe(1);

    writeFileSync(
      join(project.dir, 'eslint.config.js'),
      "import tableauRest from 'eslint-plugin-tableau-rest';\nexport default [...tableauRest.configs.strict];\n",
    );
    writeFileSync(join(project.dir, 'src/views.mjs'), FOREIGN_ONLY);
    const strict = await run(['lint', 'src/views.mjs'], { cwd: project.dir });
    expect(strict.stdout).toMatch(/error .*tableau-rest\/no-foreign-site/);
    expect(strict.stderr).toBe('');
    expect(strict.code).toBe(1);
  });

  it('names a path that does not exist, still lints the others, and exits 2', async () => {
    const r = await run(['lint', 'missing-dir', 'src/views.mjs'], { cwd: project.dir });
    expect(r.stderr).toContain('tableau-rest lint: missing-dir: no such file or directory');
    expect(r.stdout).toContain('tableau-rest/no-stale-token');
    expect(r.code).toBe(2);
  });

  it('names a file that does not parse, without a stack trace, still lints the others, and exits 2', async () => {
    writeFileSync(join(project.dir, 'src/broken.js'), 'export const = ;\n');
    const r = await run(['lint', 'src'], { cwd: project.dir });
    expect(r.stderr).toMatch(/broken\.js: could not parse \(line 1\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toContain('tableau-rest/no-stale-token');
    expect(r.code).toBe(2);
  });

  it('names binary, huge and dangling files, skips them, still lints the rest, and exits 2', async () => {
    writeFileSync(join(project.dir, 'src/blob.js'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00, 0xff]));
    writeFileSync(join(project.dir, 'src/bundle.min.js'), `var a=${'1+'.repeat(3 * 1024 * 1024)}1;`);
    symlinkSync('moved-away.js', join(project.dir, 'src/link.js'));
    const r = await run(['lint', 'src'], { cwd: project.dir });
    expect(r.stderr.trim().split('\n')).toEqual([
      'tableau-rest lint: src/blob.js: looks like a binary file, not source code; skipped',
      'tableau-rest lint: src/bundle.min.js: too large to lint (6.0 MB; the limit is 5 MB); skipped',
      'tableau-rest lint: src/link.js: a link to a file that does not exist; skipped',
    ]);
    expect(r.stdout).toContain('tableau-rest/no-stale-token');
    expect(r.code).toBe(2);
  });

  it('a quoted glob: lints what it matches, with the same checks as a folder; one that matches nothing is named, exit 2', async () => {
    const matched = await run(['lint', 'src/**/*.mjs'], { cwd: project.dir });
    expect([matched.code, matched.stderr]).toEqual([1, '']);
    expect(matched.stdout).toContain('tableau-rest/no-stale-token');
    expect(matched.stdout).not.toContain('clean.js');

    writeFileSync(join(project.dir, 'src/blob.js'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    const checked = await run(['lint', 'src/*.{js,ts}'], { cwd: project.dir });
    expect([checked.code, checked.stdout, checked.stderr.trim()]).toEqual([2, '', 'tableau-rest lint: src/blob.js: looks like a binary file, not source code; skipped']);

    const none = await run(['lint', 'lib/**/*.js', 'src/views.mjs'], { cwd: project.dir });
    expect(none.stderr.trim()).toBe('tableau-rest lint: lib/**/*.js: no files match this pattern');
    expect(none.stdout).toContain('tableau-rest/no-stale-token');
    expect(none.code).toBe(2);
    const only = await run(['lint', 'src/**/*.cjs'], { cwd: project.dir });
    expect([only.code, only.stdout, only.stderr.trim()]).toEqual([2, '', 'tableau-rest lint: src/**/*.cjs: no files match this pattern']);
  });

  it('a named pipe (named, in a folder, or matched by a glob) is named and skipped, never read (which would hang)', async () => {
    expect(spawnSync('mkfifo', [join(project.dir, 'src/pipe.js')]).status).toBe(0);
    const line = 'tableau-rest lint: src/pipe.js: not a regular file (a named pipe); skipped';
    for (const args of [['src/pipe.js', 'src/views.mjs'], ['src'], ['src/*.{js,mjs}']]) {
      const r = await run(['lint', ...args], { cwd: project.dir });
      expect([r.code, r.stderr.trim()]).toEqual([2, line]);
      expect(r.stdout).toContain('tableau-rest/no-stale-token');
    }
  });

  it('rejects an unknown flag or a bad value with one line and exit 2', async () => {
    const unknown = await run(['lint', '--colour'], { cwd: project.dir });
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, "tableau-rest: lint: Unknown option '--colour'. See tableau-rest lint --help"]);
    const bad = await run(['lint', '--max-warnings', 'many'], { cwd: project.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown --format: one line naming it, exit 2, nothing linted or written', async () => {
    const r = await run(['lint', 'src', '--format', 'nope', '--output-file', 'report.txt'], { cwd: project.dir });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.trim()).toBe(
      'tableau-rest: lint: --format nope: no such formatter (ESLint\'s own are stylish, json, json-with-metadata and html; also sarif, an installed eslint-formatter-* package or a path to a formatter file)',
    );
    expect(existsSync(join(project.dir, 'report.txt'))).toBe(false);
  });

  it.each([
    ['reports/lint.json', 'the folder reports does not exist (create it first)'],
    ['src/clean.js/lint.json', 'src/clean.js is a file, not a folder'],
    ['src', 'it is a folder; give a file name such as src/lint-report.txt'],
  ])('--output-file %s: one line naming it, exit 2, before linting; no file or folder made', async (file, reason) => {
    const before = readdirSync(project.dir, { recursive: true }).sort();
    const r = await run(['lint', 'src', '--format', 'json', '--output-file', file], { cwd: project.dir });
    expect([r.code, r.stdout, r.stderr.trim()]).toEqual([2, '', `tableau-rest: lint: cannot write --output-file ${file}: ${reason}`]);
    expect(readdirSync(project.dir, { recursive: true }).sort()).toEqual(before);
    expect(readFileSync(join(project.dir, 'src/clean.js'), 'utf8')).toBe(CLEAN);
  });

  it('a rule that throws: exit 3, one line naming the rule, the file and the line; the stack only with TABLEAU_REST_DEBUG=1', async () => {
    writeFileSync(
      join(project.dir, 'eslint.config.js'),
      "const crash = { create: () => ({ Identifier(node) { if (node.name === 'token') throw new Error('kaboom'); } }) };\n" +
        "export default [{ plugins: { local: { rules: { crash } } }, rules: { 'local/crash': 'error' } }];\n",
    );
    const line = 'tableau-rest: internal error: the rule local/crash crashed while linting src/clean.js (line 2): kaboom (set TABLEAU_REST_DEBUG=1 for the stack)';
    for (const extra of [[], ['--concurrency', '2']]) {
      const r = await run(['lint', 'src/clean.js', ...extra], { cwd: project.dir });
      expect([r.code, r.stdout, r.stderr.trim()]).toEqual([3, '', line]);
    }
    const debug = await run(['lint', 'src/clean.js'], { cwd: project.dir, env: { TABLEAU_REST_DEBUG: '1' } });
    expect(debug.code).toBe(3);
    expect(debug.stderr.split('\n')[0]).toBe(line);
    expect(debug.stderr).toMatch(/^Error: kaboom\n/m);
    expect(debug.stderr).toMatch(/^\s+at Identifier \(.*eslint\.config\.js/m);
  });

  it('has --help and --version', async () => {
    const help = await run(['lint', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--format', '--output-file', '--max-warnings', '--cache', '--concurrency']) expect(help.stdout).toContain(flag);
    const version = await run(['lint', '--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });
});
