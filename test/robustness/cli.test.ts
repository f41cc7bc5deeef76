/// <reference types="vitest/globals" />
// Issue 8, CLI bullet, for `init` and `simulate`: the BUILT cli (node dist/src/cli/main.js) as a child process.
// Every bad input is one line on stderr naming the thing, no stack trace, exit 2; nothing is lost (a file that
// cannot be written keeps its old content, an edited file is never overwritten without --force).
//
// Covered elsewhere as child processes, not repeated here: unknown flags, a bare-number duration and a port in use
// for simulate (test/simulator/cli.test.ts); an unknown flag, a bad extension, --check with --force, and a
// hand-edited wrapper refused without --force (exit 1, file untouched) for init (test/session/init-cli.test.ts).
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { renderWrapper, type WrapperVariant } from '../../src/session/index.js';
import { siteLuid } from '../../src/simulator/index.js';
import { ensureBuiltCli, olderWrapper, PAT } from '../session/helpers.js';
import { API, patCredentials, tempDir } from './helpers.js';

let cli: string;
/** The CLI for runs as another user: a copy that user can read wherever the checkout lives (a clone in a 0700 folder). */
let otherUserCli: string;
beforeAll(() => {
  cli = ensureBuiltCli();
  const root = join(cli, '../../../..');
  const copy = mkdtempSync(join(tmpdir(), 'tableau-rest-cli-'));
  cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(copy, 'package.json'));
  for (const path of walkPaths(copy)) chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
  otherUserCli = join(copy, 'dist/src/cli/main.js');
});
afterAll(() => rmSync(join(otherUserCli, '../../../..'), { recursive: true, force: true }));

function* walkPaths(dir: string): Generator<string> {
  yield dir;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) yield* walkPaths(join(dir, entry.name));
    else yield join(dir, entry.name);
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end; `asOtherUser` drops root (file modes do not stop root) to uid/gid 65534. */
function run(cwd: string, args: string[], { asOtherUser = false } = {}): Promise<Run> {
  const dropRoot = asOtherUser && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['uid' in dropRoot ? otherUserCli : cli, ...args], { cwd, ...dropRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Exit 2, nothing on stdout, exactly one line on stderr, and no stack trace. */
function expectUsageError(result: Run, line: string | RegExp): void {
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  if (typeof line === 'string') expect(result.stderr.trimEnd()).toBe(line);
  else expect(result.stderr.trimEnd()).toMatch(line);
}

function project(files: Record<string, string>): string {
  const dir = tempDir('cli');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const TS: WrapperVariant = { language: 'ts', module: 'esm' };

describe('tableau-rest init: paths it cannot write', () => {
  it.each([
    [['--out', 'lib/tableau-session.ts'], 'tableau-rest: init: cannot write lib/tableau-session.ts: the folder lib does not exist (create it first)'],
    [['--out', 'src/sub/tableau-session.ts'], 'tableau-rest: init: cannot write src/sub/tableau-session.ts: the folder src/sub does not exist (create it first)'],
    [['--out', 'notes.txt/tableau-session.ts'], 'tableau-rest: init: cannot write notes.txt/tableau-session.ts: notes.txt is a file, not a folder'],
    [['--out', 'src'], 'tableau-rest: init: src is a directory; give a file name such as src/tableau-session.ts'],
    [['--out', 'odd.ts'], 'tableau-rest: init: odd.ts is a directory; give a file name such as odd.ts/tableau-session.ts'],
    [['--out='], 'tableau-rest: init: --out needs a file name, such as src/tableau-session.ts'],
    [['--out'], "tableau-rest: init: Option '--out <value>' argument missing. See tableau-rest init --help"],
    [['--frobnicate'], "tableau-rest: init: Unknown option '--frobnicate'. See tableau-rest init --help"],
  ])('%j: one line naming it, exit 2, nothing created', async (args, line) => {
    const dir = project({ 'tsconfig.json': '{}', 'src/index.ts': '', 'notes.txt': 'mine', 'odd.ts/.keep': '' });
    const before = readdirSync(dir, { recursive: true }).sort();
    expectUsageError(await run(dir, ['init', ...args]), line);
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a folder it may not write to: exit 2 naming the file; the old file keeps its content; no temporary file is left', async () => {
    const edited = `${renderWrapper(TS)}\n// my change\n`;
    const dir = project({ 'tsconfig.json': '{}', 'lib/tableau-session.ts': olderWrapper(TS), 'lib/edited.ts': edited });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'lib'), 0o555);
    try {
      const upgrade = await run(dir, ['init', '--out', 'lib/tableau-session.ts'], { asOtherUser: true });
      expectUsageError(upgrade, 'tableau-rest: init: cannot write lib/tableau-session.ts: permission denied');
      const forced = await run(dir, ['init', '--out', 'lib/edited.ts', '--force'], { asOtherUser: true });
      expectUsageError(forced, 'tableau-rest: init: cannot write lib/edited.ts: permission denied');
      const fresh = await run(dir, ['init', '--out', 'lib/new.ts'], { asOtherUser: true });
      expectUsageError(fresh, 'tableau-rest: init: cannot write lib/new.ts: permission denied');
      // --check only reads, so it still works there.
      const check = await run(dir, ['init', '--check', '--out', 'lib/tableau-session.ts'], { asOtherUser: true });
      expect(check).toMatchObject({ code: 1, stderr: expect.stringMatching(/^lib\/tableau-session\.ts is unedited but was generated by version 0\.0\.1/) });
    } finally {
      chmodSync(join(dir, 'lib'), 0o755);
    }
    expect(readFileSync(join(dir, 'lib/tableau-session.ts'), 'utf8')).toBe(olderWrapper(TS));
    expect(readFileSync(join(dir, 'lib/edited.ts'), 'utf8')).toBe(edited);
    expect(readdirSync(join(dir, 'lib')).sort()).toEqual(['edited.ts', 'tableau-session.ts']);
  });

  it('a file it may not read: exit 2 naming it, the file untouched', async () => {
    const dir = project({ 'tsconfig.json': '{}', 'tableau-session.ts': olderWrapper(TS) });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'tableau-session.ts'), 0o200);
    try {
      expectUsageError(await run(dir, ['init'], { asOtherUser: true }), /^tableau-rest: init: cannot (read|write) tableau-session\.ts: permission denied$/);
    } finally {
      chmodSync(join(dir, 'tableau-session.ts'), 0o644);
    }
    expect(readFileSync(join(dir, 'tableau-session.ts'), 'utf8')).toBe(olderWrapper(TS));
  });
});

describe('tableau-rest simulate: robustness of the process', () => {
  it('a host that is not a local address: one line naming it, exit 2', async () => {
    expectUsageError(await run(tempDir('cli'), ['simulate', '--host', '192.0.2.1']), 'tableau-rest: simulate: cannot listen on host 192.0.2.1: no such local address');
  });

  it('keeps serving when its stdout reader goes away, and SIGTERM with a request in flight and a kept-alive connection exits 0', async () => {
    const child = spawn(process.execPath, [cli, 'simulate', '--latency', '800ms', '--pat', `${PAT.name}:${PAT.secret}`]);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const url = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /^Tableau simulator listening on (\S+)\n/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
    });
    // Like `| head -1`: the reader leaves after the first line; the request lines that follow must not crash it.
    child.stdout.destroy();
    const signIn = await fetch(`${url}/api/${API}/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ credentials: patCredentials() }),
    });
    expect(signIn.status).toBe(200);
    const token = ((await signIn.json()) as { credentials: { token: string } }).credentials.token;
    // A request held by --latency on a kept-alive connection while SIGTERM arrives.
    const inFlight = new Promise<string>((resolve) => {
      const req = request(`${url}/api/${API}/sites/${siteLuid('')}/projects`, { headers: { 'x-tableau-auth': token }, agent: new Agent({ keepAlive: true }) }, (res) => {
        res.resume();
        res.on('end', () => resolve(`answered ${res.statusCode}`));
        res.on('error', () => resolve('connection ended'));
      });
      req.on('error', () => resolve('connection ended'));
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(await inFlight).toMatch(/^(answered 200|connection ended)$/);
    expect(stderr).toContain('Tableau simulator stopping (SIGTERM)');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain(PAT.secret);
  });
});
