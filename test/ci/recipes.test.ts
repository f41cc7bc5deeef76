// The CI and pre-commit recipes in examples/ci, checked the way they run: the workflow's lint command and the
// pre-commit hook's entry are executed in a user's project, and the plain git hook blocks a real `git commit`.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import plugin from '../../src/index.js';
import { REPO, run, tempProject } from '../helpers/project.js';
import { checkSarif, exampleApps, type SarifLog } from './sarif.js';

const CI = join(REPO, 'examples/ci');
const descriptions = Object.fromEntries(Object.entries(plugin.rules).map(([name, rule]) => [name, (rule.meta?.docs as { description: string }).description]));

const STALE = "let token;\nexport const views = (siteId) =>\n  fetch(`https://t.example.com/api/3.19/sites/${siteId}/views`, { headers: { 'X-Tableau-Auth': token } }).then((r) => (r.ok ? r.json() : []));\n";
const CLEAN = "export const views = (base, siteId, token) =>\n  fetch(`${base}/api/3.19/sites/${siteId}/views`, { headers: { 'X-Tableau-Auth': token } }).then((r) => (r.ok ? r.json() : []));\n";

/** A user's project with `tableau-rest` on node_modules/.bin, as `npm install` leaves it (for npx). */
function projectWithBin(files: Record<string, string>): ReturnType<typeof tempProject> {
  const project = tempProject({ 'package.json': '{ "name": "reports", "private": true, "type": "module" }\n', ...files });
  mkdirSync(join(project.dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync('../eslint-plugin-tableau-rest/dist/src/cli/main.js', join(project.dir, 'node_modules/.bin/tableau-rest'));
  return project;
}

/** Splits a shell command line of plain words (what the recipes use) into argv. */
function words(line: string): string[] {
  expect(line).not.toMatch(/["'$`|&;<>\\]/);
  return line.trim().split(/\s+/);
}

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}

describe('the GitHub Actions workflow (examples/ci/tableau-rest.yml)', () => {
  const workflow = load(readFileSync(join(CI, 'tableau-rest.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, { 'runs-on': string; permissions: Record<string, string>; steps: Step[] }>;
  };
  const [job] = Object.values(workflow.jobs);
  const lintStep = job.steps.find((s) => s.run?.includes('tableau-rest lint'))!;
  const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;

  test('checks out, installs with npm ci, lints to SARIF, uploads it to code scanning even when there are findings, then fails on findings', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(job.permissions['security-events']).toBe('write');
    const order = (s: Step | undefined) => job.steps.indexOf(s!);
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    const install = job.steps.find((s) => s.run?.trim() === 'npm ci');
    expect(order(checkout)).toBeGreaterThanOrEqual(0);
    expect(order(install)).toBeGreaterThan(order(checkout));
    expect(order(lintStep)).toBeGreaterThan(order(install));
    expect(order(upload)).toBeGreaterThan(order(lintStep));

    const argv = words(lintStep.run!);
    expect(argv.slice(0, 3)).toEqual(['npx', 'tableau-rest', 'lint']);
    expect(argv[argv.indexOf('--format') + 1]).toBe('sarif');
    expect(upload.with?.sarif_file).toBe(argv[argv.indexOf('--output-file') + 1]);
    expect(upload.with?.category).toBeTruthy();
    // Findings exit 1: the lint step must not stop the job before the upload.
    expect(lintStep['continue-on-error']).toBe(true);
    expect(upload.if ?? '').not.toMatch(/success\(\)/);
    const gate = job.steps[job.steps.length - 1];
    expect(gate.if).toContain(`steps.${lintStep.id}.outcome == 'failure'`);
    expect(gate.run).toMatch(/exit 1/);
  });

  test("its lint command, run in a project with the example apps, writes the SARIF file the upload step reads", async () => {
    const project = projectWithBin(exampleApps());
    try {
      const [command, ...args] = words(lintStep.run!);
      const r = await run(args, { cwd: project.dir, command });
      expect(r.code, r.stderr).toBe(1);
      const file = join(project.dir, String(upload.with!.sarif_file));
      const log = JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
      expect(checkSarif(log, project.dir, descriptions)).toHaveLength(13);
    } finally {
      project.cleanup();
    }
  });
});

describe('pre-commit', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = projectWithBin({ 'src/views.mjs': STALE, 'src/clean.js': CLEAN, '.gitignore': 'node_modules/\n' });
  });
  afterAll(() => project?.cleanup());

  test("the pre-commit framework hook (examples/ci/pre-commit-config.yaml) runs on JS/TS files and its entry fails on a finding", async () => {
    const config = load(readFileSync(join(CI, 'pre-commit-config.yaml'), 'utf8')) as {
      repos: Array<{ repo: string; hooks: Array<{ id: string; entry: string; language: string; types_or?: string[]; pass_filenames?: boolean }> }>;
    };
    const hook = config.repos.flatMap((r) => r.hooks).find((h) => h.id === 'tableau-rest-lint')!;
    expect(hook.language).toBe('system');
    expect(hook.types_or).toEqual(expect.arrayContaining(['javascript', 'jsx', 'ts', 'tsx']));
    expect(hook.pass_filenames).not.toBe(false);
    // pre-commit runs `entry` followed by the staged file names.
    const [command, ...args] = words(hook.entry);
    const dirty = await run([...args, 'src/views.mjs', 'src/clean.js'], { cwd: project.dir, command });
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toContain('tableau-rest/no-stale-token');
    const clean = await run([...args, 'src/clean.js'], { cwd: project.dir, command });
    expect([clean.code, clean.stdout]).toEqual([0, '']);
  });

  test('the plain git hook (examples/ci/pre-commit) blocks a commit that adds a finding and lets a clean one through', () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=CI Test', '-c', 'user.email=ci@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
        cwd: project.dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TABLEAU_REST_DEBUG: '' },
      });
    git('init', '-q');
    mkdirSync(join(project.dir, '.githooks'));
    copyFileSync(join(CI, 'pre-commit'), join(project.dir, '.githooks/pre-commit'));
    chmodSync(join(project.dir, '.githooks/pre-commit'), 0o755);
    git('config', 'core.hooksPath', '.githooks');

    // No JS/TS staged: the hook has nothing to lint.
    git('add', '.gitignore', 'package.json');
    git('commit', '-q', '-m', 'project');

    git('add', 'src/views.mjs');
    let blocked: { status: number; output: string } | undefined;
    try {
      git('commit', '-q', '-m', 'views');
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      blocked = { status: e.status, output: e.stdout + e.stderr };
    }
    expect(blocked?.status).not.toBe(0);
    expect(blocked?.output).toContain('tableau-rest/no-stale-token');
    expect(git('log', '--format=%s')).toBe('project\n');

    writeFileSync(join(project.dir, 'src/views.mjs'), CLEAN);
    git('add', 'src/views.mjs', 'src/clean.js');
    git('commit', '-q', '-m', 'views, fixed');
    expect(git('log', '--format=%s')).toBe('views, fixed\nproject\n');
    expect(existsSync(join(project.dir, '.git'))).toBe(true);
  });
});
