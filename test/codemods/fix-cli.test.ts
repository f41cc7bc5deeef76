// `tableau-rest fix` as a user runs it: the built CLI as a child process over real folders (git repositories and
// plain folders), checking what it writes, prints and exits with, including bad input and an interrupt mid-run.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseTypeScript } from '@typescript-eslint/parser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const fixtures = join(root, 'test', 'codemods', '__testfixtures__', 'use-session-wrapper');
const INPUT = readFileSync(join(fixtures, 'fetch-module-token.input.mjs'), 'utf8');
const OUTPUT = readFileSync(join(fixtures, 'fetch-module-token.output.mjs'), 'utf8');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function fix(cwd: string, ...args: string[]): Result {
  const r = spawnSync(process.execPath, [cli, 'fix', ...args], { cwd, encoding: 'utf8', env: { ...process.env, TABLEAU_REST_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  return spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout;
}

function gitRepo(files: Record<string, string | Buffer>): string {
  const dir = folder(files);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'legacy');
  return dir;
}

const made: string[] = [];
function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tableau-fix-'));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** One-line errors: no stack trace, no internal-error wording. */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  expect(text).not.toContain('internal error');
}

describe('tableau-rest fix', () => {
  it('rewrites a repository, creates the wrapper once, and a second run changes nothing', () => {
    const dir = gitRepo({ 'src/report.mjs': INPUT, 'src/other.mjs': INPUT.replace('Nightly export', 'Weekly export'), 'src/plain.mjs': 'export const x = 1;\n' });
    const first = fix(dir);
    expect(first.code).toBe(0);
    expect(readFileSync(join(dir, 'src/report.mjs'), 'utf8')).toBe(OUTPUT);
    expect(existsSync(join(dir, 'src/tableau-session.js'))).toBe(true);
    expect(first.stdout).toContain('Created src/tableau-session.js (the session wrapper, ES module).');
    expect(first.stdout.trimEnd().split('\n').pop()).toBe('Files: 2 changed, 1 unchanged, 0 skipped, 0 failed. Call sites rewritten: 6. Sites left for review: 0.');
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'fixed');
    const second = fix(dir);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('Created');
    expect(second.stdout).toContain('Files: 0 changed, 4 unchanged');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('leaves a sign-in with per-request credentials as it is and lists it in the summary; one set of credentials is rewritten', () => {
    const perRequest = readFileSync(join(fixtures, 'express-login-helper.input.mjs'), 'utf8');
    const oneSet = readFileSync(join(fixtures, 'env-helper-call.input.ts'), 'utf8');
    const dir = gitRepo({ 'src/login.mjs': perRequest, 'src/jobs.ts': oneSet });
    const r = fix(dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'src/login.mjs'), 'utf8')).toBe(perRequest);
    expect(readFileSync(join(dir, 'src/jobs.ts'), 'utf8')).toBe(readFileSync(join(fixtures, 'env-helper-call.output.ts'), 'utf8'));
    const lines = r.stdout.trimEnd().split('\n');
    const listed = lines.indexOf('Left for review (2):');
    expect(listed).toBeGreaterThanOrEqual(0);
    expect(lines[listed + 1]).toMatch(
      /^ {2}src\/login\.mjs:8:21: sign-in credentials \(`name`\) come from `name`, passed in by `signIn\(req\.body\.user, req\.body\.password\)` at line 26, set from `req\.body\.user`, a property of the parameter `req` of the callback given to `app\.post` \(line 25\), .*create a session per user with createTableauSession\(\{ server, credentials \}\) by hand/,
    );
    expect(lines[listed + 2]).toBe('  src/login.mjs:18:21: left as it is: the Tableau call at line 8 cannot move onto the session, and calls that share a token move together or not at all');
    expect(lines.pop()).toBe('Files: 1 changed, 1 unchanged, 0 skipped, 0 failed. Call sites rewritten: 2. Sites left for review: 2.');
  });

  it('--dry-run prints a unified diff and writes nothing, not even the wrapper', () => {
    const dir = gitRepo({ 'report.mjs': INPUT });
    const r = fix(dir, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- a\/report\.mjs\n\+\+\+ b\/report\.mjs\n@@ -1,15 \+1,17 @@\n/);
    expect(r.stdout).toContain("+import { createTableauSession } from './tableau-session.js';");
    expect(r.stdout).toContain('-  const res = await fetch(`${BASE}/auth/signin`, {');
    expect(r.stderr).toContain('Would create tableau-session.js (the session wrapper).');
    expect(r.stderr).toContain('Files: 1 would change');
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(INPUT);
    expect(existsSync(join(dir, 'tableau-session.js'))).toBe(false);
  });

  it('--print prints the rewritten file; --wrapper puts the wrapper where it is told', () => {
    const dir = gitRepo({ 'jobs/report.mjs': INPUT, 'lib/index.mjs': 'export {};\n' });
    const r = fix(dir, '--print', '--wrapper', 'lib/session.mjs');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("import { createTableauSession } from '../lib/session.mjs';");
    expect(readFileSync(join(dir, 'jobs/report.mjs'), 'utf8')).toContain("from '../lib/session.mjs'");
    expect(readFileSync(join(dir, 'lib/session.mjs'), 'utf8')).toMatch(/^\/\/ Generated by eslint-plugin-tableau-rest/);
  });

  it.each([
    ['lib/session.mjs', 'the folder lib does not exist (create it first)'],
    ['lib/deeper/session.mjs', 'the folder lib/deeper does not exist (create it first)'],
    ['jobs/report.mjs/session.ts', 'jobs/report.mjs is a file, not a folder'],
  ])('--wrapper %s: one line naming it, exit 2, before any file is changed (also with --dry-run)', (wrapper, reason) => {
    const dir = gitRepo({ 'jobs/report.mjs': INPUT });
    for (const extra of [[], ['--dry-run']]) {
      const r = fix(dir, ...extra, '--wrapper', wrapper);
      expect([r.code, r.stdout, r.stderr.trim()]).toEqual([2, '', `tableau-rest: fix: cannot write the session wrapper to ${wrapper}: ${reason}`]);
    }
    expect(readFileSync(join(dir, 'jobs/report.mjs'), 'utf8')).toBe(INPUT);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('refuses a dirty git tree without --force, and goes ahead with it', () => {
    const dir = gitRepo({ 'report.mjs': INPUT });
    writeFileSync(join(dir, 'notes.txt'), 'work in progress\n');
    const refused = fix(dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      'tableau-rest: fix: the git working tree has uncommitted changes (notes.txt); commit or stash them first, so that the rewrite can be reviewed and undone with git, or pass --force',
    );
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(INPUT);
    const forced = fix(dir, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
  });

  it('guards each git work tree the paths are in, and notes paths outside git', () => {
    const here = gitRepo({ 'report.mjs': INPUT });
    const other = gitRepo({ 'job.mjs': INPUT });
    const loose = folder({ 'loose.mjs': INPUT });
    writeFileSync(join(other, 'draft.mjs'), 'export {};\n');
    const refused = fix(here, '.', other, loose);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes \(\S*draft\.mjs\)/);
    expect(refused.stderr).toContain(`note: ${loose} is not in a git repository`);
    expect(readFileSync(join(other, 'job.mjs'), 'utf8')).toBe(INPUT);
    rmSync(join(other, 'draft.mjs'));
    const done = fix(here, '.', other, loose);
    expect(done.code).toBe(0);
    for (const f of [join(here, 'report.mjs'), join(other, 'job.mjs'), join(loose, 'loose.mjs')]) expect(readFileSync(f, 'utf8')).toBe(OUTPUT);
  });

  it('outside git it works, with a note that nothing guards it', () => {
    const dir = folder({ 'report.mjs': INPUT });
    const r = fix(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('is not in a git repository, so nothing can undo these rewrites; run with --dry-run first, or keep a copy.');
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
  });

  it('follows .gitignore and never touches node_modules or build output', () => {
    const dir = gitRepo({
      '.gitignore': 'generated/\n',
      'report.mjs': INPUT,
      'generated/report.mjs': INPUT,
      'node_modules/lib/report.mjs': INPUT,
      'dist/report.mjs': INPUT,
    });
    // node_modules and dist committed by mistake are still left alone.
    const r = fix(dir, '--force');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
    for (const f of ['generated/report.mjs', 'node_modules/lib/report.mjs', 'dist/report.mjs']) expect(readFileSync(join(dir, f), 'utf8')).toBe(INPUT);
    expect(r.stdout).toContain('Files: 1 changed, 0 unchanged');
  });

  it('names a path that does not exist, processes the others, and exits 2', () => {
    const dir = gitRepo({ 'report.mjs': INPUT });
    const r = fix(dir, 'missing.js', 'report.mjs');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tableau-rest fix: missing.js: no such file or directory');
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
    expectNoStack(r.stderr);
  });

  it('leaves a file that does not parse untouched, names it, processes the others, and exits 1', () => {
    const broken = "const BASE = 'https://tableau.example.com/api/3.19';\nexport async function f( {\n  return fetch(`${BASE}/sites`);\n}\n";
    const dir = gitRepo({ 'broken.mjs': broken, 'report.mjs': INPUT });
    const r = fix(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Failed \(1\):\n {2}broken\.mjs: does not parse \(line \d+\): .+/);
    expect(readFileSync(join(dir, 'broken.mjs'), 'utf8')).toBe(broken);
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
    expectNoStack(r.stdout + r.stderr);
  });

  it('skips binary and huge files with a reason, and still processes the others', () => {
    const binary = Buffer.concat([Buffer.from('/api/3.19/sites X-Tableau-Auth '), Buffer.from([0, 1, 2, 0, 255, 254])]);
    const huge = `// /api/3.19/sites\n${'const filler = 1;\n'.repeat(300_000)}`;
    const dir = gitRepo({ 'blob.js': binary, 'bundle.js': huge, 'report.mjs': INPUT });
    const r = fix(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('blob.js: a binary file');
    expect(r.stdout).toMatch(/bundle\.js: too large \(5\.\d MB; fix reads files up to 5 MB\)/);
    expect(r.stdout).toContain('Files: 1 changed, 0 unchanged, 2 skipped, 0 failed.');
    expect(readFileSync(join(dir, 'blob.js')).equals(binary)).toBe(true);
  });

  it('names a file it cannot read (permission denied; as root, a dangling link) and processes the others', () => {
    if (process.getuid?.() === 0) {
      // root reads any file; make it unreadable by making it a dangling symbolic link named on the command line.
      const dir = gitRepo({ 'report.mjs': INPUT });
      symlinkSync(join(dir, 'gone.mjs'), join(dir, 'link.mjs'));
      const r = fix(dir, '--force', 'link.mjs', 'report.mjs');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('link.mjs: a symbolic link');
      expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
      return;
    }
    const dir = gitRepo({ 'secret.mjs': INPUT, 'report.mjs': INPUT });
    chmodSync(join(dir, 'secret.mjs'), 0o000);
    const r = fix(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('secret.mjs: cannot read it: permission denied');
  });

  it.each(['a plain folder', 'a git repository'])('a file with links to it beside it, in %s, is rewritten once under its own path, whichever is listed first', (kind) => {
    const dir = folder({ 'report.mjs': INPUT });
    // git lists a-link.mjs before report.mjs; a folder's listing order is the file system's, so links sort either side.
    symlinkSync('report.mjs', join(dir, 'a-link.mjs'));
    symlinkSync('report.mjs', join(dir, 'z-link.mjs'));
    if (kind === 'a git repository') {
      git(dir, 'init', '-q');
      git(dir, 'add', '-A');
      git(dir, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'legacy');
    }
    const r = fix(dir, '--force');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
    expect(r.stdout).not.toContain('a-link.mjs');
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^Files: 1 changed, \d+ unchanged, 0 skipped, 0 failed\./);
  });

  it.each(['a plain folder', 'a git repository'])('a folder it cannot read inside %s: named as failed, nothing under it touched, the rest processed, exit 1', (kind) => {
    const files = { 'report.mjs': INPUT, 'locked/inner.mjs': INPUT };
    const dir = kind === 'a git repository' ? gitRepo(files) : folder(files);
    // File modes do not stop root, its capabilities do: as root, the run is made without any (setpriv, util-linux),
    // which leaves uid 0 bound by the modes like any owner. The probe runs the same way, so `blocked` says which
    // case this machine gives.
    const asRoot = process.getuid?.() === 0;
    const command = (args: string[]): [string, string[]] =>
      asRoot ? ['setpriv', ['--bounding-set=-all', '--inh-caps=-all', process.execPath, ...args]] : [process.execPath, args];
    chmodSync(join(dir, 'locked'), 0o000);
    let r: Result;
    let blocked: boolean;
    try {
      const probe = spawnSync(...command(['-e', 'require("fs").readdirSync(process.argv[1])', join(dir, 'locked')]));
      blocked = probe.status !== 0;
      const child = spawnSync(...command([cli, 'fix']), { cwd: dir, encoding: 'utf8', env: { ...process.env, TABLEAU_REST_DEBUG: '' } });
      r = { code: child.status, stdout: child.stdout, stderr: child.stderr };
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
    expectNoStack(r.stdout + r.stderr);
    if (blocked) {
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('Failed (1):\n  locked: cannot read this folder (permission denied); no file under it was processed\n');
      expect(readFileSync(join(dir, 'locked/inner.mjs'), 'utf8')).toBe(INPUT);
    } else {
      // This user reads the folder despite its mode (root where setpriv cannot drop capabilities): it is processed
      // as any other, importing the wrapper from the folder above.
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'locked/inner.mjs'), 'utf8')).toBe(OUTPUT.replace("'./tableau-session.js'", "'../tableau-session.js'"));
    }
  });

  it('a named pipe, named or in a folder, is skipped with a reason and never read (which would hang)', () => {
    const dir = folder({ 'report.mjs': INPUT });
    expect(spawnSync('mkfifo', [join(dir, 'pipe.mjs')]).status).toBe(0);
    const named = fix(dir, 'pipe.mjs', 'report.mjs');
    expect(named.code).toBe(0);
    expect(named.stdout).toContain('Skipped (1):\n  pipe.mjs: not a regular file\n');
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
    const walked = fix(dir);
    expect(walked.code).toBe(0);
    expect(walked.stdout).toContain('Files: 0 changed, 2 unchanged, 0 skipped, 0 failed.');
  });

  it('keeps CRLF line endings, the byte-order mark, the file mode and UTF-16 encoding', () => {
    const crlf = `\uFEFF${INPUT.replace(/\n/g, '\r\n')}`;
    const dir = gitRepo({ 'crlf.mjs': crlf, 'wide.mjs': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(INPUT, 'utf16le')]) });
    chmodSync(join(dir, 'crlf.mjs'), 0o750);
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'mode');
    const r = fix(dir);
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, 'crlf.mjs'), 'utf8');
    expect(out).toBe(`\uFEFF${OUTPUT.replace(/\n/g, '\r\n')}`);
    expect(statSync(join(dir, 'crlf.mjs')).mode & 0o777).toBe(0o750);
    const wide = readFileSync(join(dir, 'wide.mjs'));
    expect([...wide.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(wide.subarray(2).toString('utf16le')).toBe(OUTPUT);
  });

  it('rejects unknown flags and bad values with one line and exit 2', () => {
    const dir = folder({});
    for (const [args, message] of [
      [['--bogus'], "tableau-rest: fix: Unknown option '--bogus'. See tableau-rest fix --help"],
      [['--cpus', 'many'], 'tableau-rest: --cpus expects a whole number from 1 to 64; got "many"'],
      [['--extensions', 'js,py'], 'tableau-rest: fix: --extensions: "py" is not a JavaScript or TypeScript extension; expected some of js,jsx,mjs,cjs,ts,tsx,mts,cts'],
      [['--wrapper', 'session.py'], 'tableau-rest: fix: cannot write the session wrapper to session.py: the file name must end in .ts, .mts, .cts, .js, .mjs or .cjs'],
    ] as const) {
      const r = fix(dir, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    }
  });

  it('skips a file named on the command line that is not JavaScript or TypeScript', () => {
    const dir = gitRepo({ 'notes.md': 'See /api/3.19/sites and X-Tableau-Auth.\n', 'report.mjs': INPUT });
    const r = fix(dir, 'notes.md', 'report.mjs');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('notes.md: not a JavaScript or TypeScript file');
    expect(r.stdout).toContain('Files: 1 changed, 0 unchanged, 1 skipped, 0 failed.');
  });

  it('--extensions limits the files it reads', () => {
    const dir = gitRepo({ 'a.mjs': INPUT, 'b.js': INPUT });
    const r = fix(dir, '--extensions', '.js');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'a.mjs'), 'utf8')).toBe(INPUT);
    expect(readFileSync(join(dir, 'b.js'), 'utf8')).not.toBe(INPUT);
  });

  it('counts results itself: a transform that cannot load is an internal error (exit 3), never "0 ok"', () => {
    const copy = mkdtempSync(join(tmpdir(), 'tableau-fix-pkg-'));
    made.push(copy);
    cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    rmSync(join(copy, 'dist', 'codemods', 'use-session-wrapper.cjs'));
    const dir = folder({ 'report.mjs': INPUT });
    const r = spawnSync(process.execPath, [join(copy, 'dist', 'src', 'cli', 'main.js'), 'fix'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('cannot load the codemod');
    expect(r.stderr).toContain('the file is missing (run npm run build)');
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(INPUT);
  });

  it("the shipped transform runs under jscodeshift's own CLI: rewrites, reports with api.report, creates the wrapper", () => {
    const dir = folder({ 'report.mjs': INPUT, 'dashboard.js': readFileSync(join(root, 'examples', 'browser', 'dashboard.js'), 'utf8') });
    const jscodeshiftBin = join(root, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
    const r = spawnSync(process.execPath, [jscodeshiftBin, '--no-babel', '-t', join(root, 'dist', 'codemods', 'use-session-wrapper.cjs'), 'report.mjs', 'dashboard.js'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 ok/);
    expect(r.stdout).toMatch(/1 unmodified/);
    expect(r.stdout).toContain('dashboard.js:18:3: jQuery ajax call');
    expect(readFileSync(join(dir, 'report.mjs'), 'utf8')).toBe(OUTPUT);
    expect(readFileSync(join(dir, 'tableau-session.js'), 'utf8')).toMatch(/^\/\/ Generated by eslint-plugin-tableau-rest/);
  });

  it('with worker threads, rewrites a larger tree the same way', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 90; i++) files[`jobs/job-${String(i).padStart(3, '0')}.mjs`] = INPUT;
    const dir = gitRepo(files);
    const r = fix(dir, '--cpus', '2', '--wrapper', 'jobs/tableau-session.js');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Files: 90 changed, 0 unchanged, 0 skipped, 0 failed. Call sites rewritten: 270.');
    for (const f of readdirSync(join(dir, 'jobs')).filter((f) => f.startsWith('job-'))) expect(readFileSync(join(dir, 'jobs', f), 'utf8')).toBe(OUTPUT);
  });

  it('with worker threads, TypeScript and JavaScript files (TypeScript alone too) give the diff and summary of one thread', () => {
    const ts = readFileSync(join(fixtures, 'axios-create-headers.input.ts'), 'utf8');
    const cjs = readFileSync(join(fixtures, 'axios-inline-server.input.cjs'), 'utf8');
    const mixed: Record<string, string> = {};
    // TypeScript files first and last in file order, and fewer of them than JavaScript: the first worker takes them.
    for (let i = 0; i < 90; i++) mixed[`src/m-${String(i).padStart(3, '0')}.${i % 10 === 0 || i > 85 ? 'ts' : i % 3 ? 'mjs' : 'cjs'}`] = i % 10 === 0 || i > 85 ? ts : i % 3 ? INPUT : cjs;
    const onlyTypeScript: Record<string, string> = {};
    // Many TypeScript files: the other workers take some too.
    for (let i = 0; i < 60; i++) onlyTypeScript[`src/t-${String(i).padStart(3, '0')}.ts`] = ts.replace('tableau', `tableau${i}`);
    for (const files of [mixed, onlyTypeScript]) {
      const dir = gitRepo(files);
      const one = fix(dir, '--dry-run', '--cpus', '1', '--wrapper', 'src/tableau-session.ts');
      const two = fix(dir, '--dry-run', '--cpus', '2', '--wrapper', 'src/tableau-session.ts');
      expect(one.code).toBe(0);
      expect(one.stderr).toMatch(new RegExp(`Files: ${Object.keys(files).length} would change, 0 unchanged, 0 skipped, 0 failed\\.`));
      expect(two.code).toBe(one.code);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
    }
  }, 180_000);

  it('with workers started for many files of which few call Tableau (one thread after all, or fewer workers), the diff and summary of one thread', () => {
    const ts = readFileSync(join(fixtures, 'axios-create-headers.input.ts'), 'utf8');
    // Workers start before the files are read, as many as the file count allows (--cpus 4: four for 200 files), and
    // are cut to what the Tableau files need: none for 3 (one thread), two for 50.
    for (const tableau of [3, 50]) {
      const files: Record<string, string> = {};
      const every = Math.floor(200 / tableau);
      for (let i = 0; i < 200; i++) {
        const name = `src/m-${String(i).padStart(3, '0')}`;
        const k = i / every; // the k-th Tableau file, every other one TypeScript
        if (Number.isInteger(k) && k < tableau) files[`${name}.${k % 2 ? 'ts' : 'mjs'}`] = k % 2 ? ts : INPUT;
        else files[`${name}-plain.mjs`] = `export const value${i} = ${i};\n`;
      }
      const dir = gitRepo(files);
      const one = fix(dir, '--dry-run', '--cpus', '1', '--wrapper', 'src/tableau-session.ts');
      const four = fix(dir, '--dry-run', '--cpus', '4', '--wrapper', 'src/tableau-session.ts');
      expect(one.code).toBe(0);
      expect(one.stderr).toContain(`Files: ${tableau} would change, ${200 - tableau} unchanged, 0 skipped, 0 failed.`);
      expect(four.code).toBe(one.code);
      expect(four.stdout).toBe(one.stdout);
      expect(four.stderr).toBe(one.stderr);
    }
  }, 120_000);

  it.each(['1', '2'])('an interrupt (SIGINT) mid-run (--cpus %s) leaves every file either as it was or fully rewritten, and no temporary file', async (cpus) => {
    const files: Record<string, string> = {};
    const count = 260;
    for (let i = 0; i < count; i++) files[`f${String(i).padStart(3, '0')}.mjs`] = INPUT;
    const dir = folder(files);
    const child = spawn(process.execPath, [cli, 'fix', '--cpus', cpus, '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    // Interrupt once the run has started writing (the first file in order is rewritten first).
    const first = join(dir, 'f000.mjs');
    let sent = false;
    for (let i = 0; i < 8000 && !sent; i++) {
      if (readFileSync(first, 'utf8') !== INPUT) {
        child.kill('SIGINT');
        sent = true;
      } else {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    expect(sent).toBe(true);
    const code = await exited;
    let rewritten = 0;
    for (let i = 0; i < count; i++) {
      const text = readFileSync(join(dir, `f${String(i).padStart(3, '0')}.mjs`), 'utf8');
      expect([INPUT, OUTPUT]).toContain(text);
      if (text === OUTPUT) rewritten++;
      expect(() => parseTypeScript(text, { sourceType: 'module', ecmaVersion: 'latest' })).not.toThrow();
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Interrupted after the first write and long before the last: it says so, and exits 130.
    expect(rewritten).toBeGreaterThan(0);
    expect(rewritten).toBeLessThan(count);
    expect(code).toBe(130);
    expect(stdout).toMatch(/Interrupted: \d+ files were not processed; every file is either as it was or fully rewritten\./);
    expect(stdout).toContain(`Files: ${rewritten} changed`);
  }, 90_000);
});
