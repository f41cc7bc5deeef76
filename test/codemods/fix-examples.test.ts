// End to end, as a user would: the legacy example apps, copied to a git repository of their own, run as child
// processes against `tableau-rest simulate --token-ttl 1s` with a pause longer than the session: they fail with the
// expired-session 401 before `tableau-rest fix` and succeed after it; lint then finds no stale-token or auth-error
// problem in the rewritten files, and a second fix changes nothing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');

// Deliberately fake credentials, one PAT per app so the apps can run side by side (a PAT holds one session).
const APPS = [
  { name: 'fetch-esm', main: 'workbook-report.mjs', file: 'fetch-esm/workbook-report.mjs', env: { TABLEAU_PAT_NAME: 'report-pat', TABLEAU_PAT_SECRET: 'fake-secret-one' }, ok: /^\d+ projects\n\d+ workbooks\n$/ },
  { name: 'class-cjs', main: 'sync-users.js', file: 'class-cjs/tableau-client.js', env: { TABLEAU_USER: 'sync-user', TABLEAU_PASSWORD: 'fake-password-two' }, ok: /^\d+ users\n\d+ views\n$/ },
  { name: 'axios-esm', main: 'inventory.mjs', file: 'axios-esm/tableau-api.mjs', env: { TABLEAU_PAT_NAME: 'inventory-pat', TABLEAU_PAT_SECRET: 'fake-secret-three' }, ok: /^\d+ groups\n[1-9]\d* data sources\n\d+ groups after the pause\n$/ },
] as const;
const SECRETS = ['fake-secret-one', 'fake-password-two', 'fake-secret-three'];

let work: string;
let simulator: ChildProcess;
let url: string;

function cliRun(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: work, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(...args: string[]): string {
  return spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: work, encoding: 'utf8' }).stdout;
}

async function stats(): Promise<{ signIns: number; unauthorized: number }> {
  return (await (await fetch(`${url}/__sim/stats`)).json()) as { signIns: number; unauthorized: number };
}

function runApp(app: (typeof APPS)[number]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(work, app.name, app.main)], {
      cwd: join(work, app.name),
      env: { ...process.env, TABLEAU_SERVER: url, TABLEAU_SITE: '', PAUSE_MS: '1500', ...app.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** Findings of the two rules the fix is about, per rewritten file, from `tableau-rest lint --format json`. */
function staleFindings(): Record<string, string[]> {
  const lint = cliRun('lint', '--format', 'json', '.');
  const results = JSON.parse(lint.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number }> }>;
  const found: Record<string, string[]> = {};
  for (const app of APPS) {
    const result = results.find((r) => r.filePath === join(work, app.file));
    found[app.file] = (result?.messages ?? [])
      .filter((m) => m.ruleId === 'tableau-rest/no-stale-token' || m.ruleId === 'tableau-rest/handle-auth-errors')
      .map((m) => `${m.ruleId}:${m.line}`);
  }
  return found;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tableau-fix-examples-'));
  for (const app of [...APPS.map((a) => a.name), 'browser']) cpSync(join(root, 'examples', app), join(work, app), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
  spawnSync('git', ['init', '-q'], { cwd: work });
  // node_modules is a link to this repository's; keep it out of the repository under test.
  spawnSync('sh', ['-c', 'printf "node_modules\\n" > .gitignore'], { cwd: work });
  git('add', '-A');
  git('commit', '-q', '-m', 'legacy apps');
  simulator = spawn(
    process.execPath,
    [cli, 'simulate', '--port', '0', '--token-ttl', '1s', '--quiet', '--pat', 'report-pat:fake-secret-one', '--pat', 'inventory-pat:fake-secret-three', '--user', 'sync-user:fake-password-two'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  url = await new Promise<string>((resolveUrl, rejectUrl) => {
    createInterface({ input: simulator.stdout! }).once('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolveUrl(match[1]!);
      else rejectUrl(new Error(line));
    });
    simulator.once('exit', (code) => rejectUrl(new Error(`simulator exited with ${code}`)));
  });
});

afterAll(() => {
  simulator?.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the example apps, before and after tableau-rest fix', () => {
  it('fail before the fix, with the 401 of an expired session', async () => {
    const before = await stats();
    const runs = await Promise.all(APPS.map(runApp));
    for (const run of runs) expect(run.code).toBe(1);
    expect(runs[1]!.stderr).toMatch(/sync failed: Tableau request \w+ failed with HTTP 401/);
    expect(runs[2]!.stderr).toContain('inventory failed: Request failed with status code 401');
    const after = await stats();
    // Each app got at least one 401 for its expired token, and none signed in again.
    expect(after.unauthorized - before.unauthorized).toBeGreaterThanOrEqual(APPS.length);
    expect(after.signIns - before.signIns).toBe(APPS.length);
  });

  it('are rewritten by fix, which reports the browser code it leaves alone', () => {
    const findings = staleFindings();
    for (const app of APPS) expect(findings[app.file]!.length).toBeGreaterThan(0);
    const dry = cliRun('fix', '--dry-run');
    expect(dry.code).toBe(0);
    for (const app of APPS) expect(dry.stdout).toContain(`--- a/${app.file}`);
    expect(git('status', '--porcelain')).toBe('');

    const r = cliRun('fix');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Files: 3 changed, 3 unchanged, 0 skipped, 0 failed. Call sites rewritten: 5. Sites left for review: 3.');
    expect(r.stdout).toContain('browser/dashboard.js:18:3: jQuery ajax call');
    expect(r.stdout).toContain('browser/dashboard.js:28:3: XMLHttpRequest');
    for (const app of APPS) expect(r.stdout).toContain(`Created ${app.name}/tableau-session.js`);
    for (const secret of SECRETS) expect(r.stdout + r.stderr + dry.stdout + dry.stderr).not.toContain(secret);
    expect(readFileSync(join(work, 'browser', 'dashboard.js'), 'utf8')).toBe(readFileSync(join(root, 'examples', 'browser', 'dashboard.js'), 'utf8'));
  });

  it('leave no no-stale-token or handle-auth-errors finding in the rewritten files', () => {
    const findings = staleFindings();
    for (const app of APPS) expect(findings[app.file]).toEqual([]);
  });

  it('succeed after the fix, signing in again when the session has ended', async () => {
    const before = await stats();
    const runs = await Promise.all(APPS.map(runApp));
    APPS.forEach((app, i) => {
      expect(runs[i]!.stderr).toBe('');
      expect(runs[i]!.stdout).toMatch(app.ok);
      expect(runs[i]!.code).toBe(0);
    });
    const after = await stats();
    // The expired token still got its 401, and each app signed in again (initial sign-in, then at least one more;
    // exactly one more unless a loaded machine stalls an app for longer than the 1 s session between two calls).
    expect(after.unauthorized - before.unauthorized).toBeGreaterThanOrEqual(APPS.length);
    expect(after.signIns - before.signIns).toBeGreaterThanOrEqual(APPS.length * 2);
  });

  it('a second fix changes no file', () => {
    git('add', '-A');
    git('commit', '-q', '-m', 'tableau-rest fix');
    const r = cliRun('fix');
    expect(r.code).toBe(0);
    // Six sources and the three generated wrappers.
    expect(r.stdout).toContain('Files: 0 changed, 9 unchanged, 0 skipped, 0 failed. Call sites rewritten: 0. Sites left for review: 3.');
    expect(git('status', '--porcelain')).toBe('');
  });
});
