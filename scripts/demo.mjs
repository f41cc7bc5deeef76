// `npm start`: the whole story on the example apps, with nothing but this repository (no network, no Tableau).
//   1. lint examples/ and show what the rules find;
//   2. copy the examples to a temporary folder and show the codemod's dry-run diff;
//   3. run each runnable example against the simulator (sessions end after 1 s idle, the apps pause 1.5 s): it fails
//      with the 401 of an expired session;
//   4. apply `tableau-rest fix` and run them again: they succeed, signing in again when the session has ended.
// The repository's own examples/ are never modified.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (color ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s) => (color ? `\x1b[2m${s}\x1b[22m` : s);
const red = (s) => (color ? `\x1b[31m${s}\x1b[39m` : s);
const green = (s) => (color ? `\x1b[32m${s}\x1b[39m` : s);

const APPS = [
  { dir: 'fetch-esm', main: 'workbook-report.mjs', what: 'ESM script, global fetch, token in a module variable' },
  { dir: 'class-cjs', main: 'sync-users.js', what: 'CommonJS class client, node-fetch, XML sign-in, token on the instance' },
  { dir: 'axios-esm', main: 'inventory.mjs', what: 'axios instance, token in the instance defaults' },
];

function heading(text) {
  console.log(`\n${bold(`== ${text}`)}`);
}

function run(args, options = {}) {
  return spawnSync(process.execPath, args, { encoding: 'utf8', ...options });
}

if (!existsSync(cli)) {
  console.error('npm start: dist/ is missing; run npm ci (or npm run build) first.');
  process.exit(1);
}

// 1. Lint.
heading('1. tableau-rest lint examples/');
const lint = run([cli, 'lint', 'examples'], { cwd: root });
process.stdout.write(lint.stdout);
if (lint.stderr) process.stderr.write(lint.stderr);

// A throwaway copy of the apps the codemod and the runs use.
const work = mkdtempSync(join(tmpdir(), 'tableau-rest-demo-'));
process.once('exit', () => rmSync(work, { recursive: true, force: true }));
let simulator;
try {
  for (const app of [...APPS.map((a) => a.dir), 'browser']) cpSync(join(root, 'examples', app), join(work, app), { recursive: true });
  // The apps import node-fetch and axios: resolve them from this repository's node_modules.
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
  const git = (...args) => spawnSync('git', args, { cwd: work, encoding: 'utf8' });
  const inGit = git('init', '-q').status === 0 && git('add', '-A').status === 0 &&
    git('-c', 'user.email=demo@example.com', '-c', 'user.name=demo', 'commit', '-q', '-m', 'legacy apps').status === 0;
  const fixArgs = inGit ? [] : ['--force'];

  // 2. The dry run.
  heading(`2. tableau-rest fix --dry-run  ${dim(`(in a copy of the apps: ${work})`)}`);
  const dry = run([cli, 'fix', '--dry-run', ...fixArgs], { cwd: work });
  process.stdout.write(dry.stdout);
  process.stdout.write(dim(dry.stderr));

  // 3. Before.
  simulator = await startSimulator();
  heading(`3. Before the fix: each app against the simulator  ${dim(`(${simulator.url}, sessions end after 1 s idle, apps pause 1.5 s)`)}`);
  let failedBefore = 0;
  for (const app of APPS) if ((await runApp(app, simulator)) !== 0) failedBefore++;

  // 4. The fix, and after.
  heading('4. tableau-rest fix');
  const fix = run([cli, 'fix', ...fixArgs], { cwd: work });
  process.stdout.write(fix.stdout);
  if (fix.stderr) process.stdout.write(dim(fix.stderr));
  heading('5. After the fix: the same apps, the same simulator');
  let okAfter = 0;
  for (const app of APPS) if ((await runApp(app, simulator)) === 0) okAfter++;

  heading('Result');
  console.log(`Before the fix ${failedBefore} of ${APPS.length} apps failed when their session ended; after it ${okAfter} of ${APPS.length} succeeded.`);
  console.log(dim('The browser example stays as it was: its jQuery and XMLHttpRequest calls are listed for review above.'));
  if (failedBefore !== APPS.length || okAfter !== APPS.length) process.exitCode = 1;
} finally {
  simulator?.stop();
  rmSync(work, { recursive: true, force: true });
}

/** The simulator as a user starts it: `tableau-rest simulate --port 0 --token-ttl 1s` on 127.0.0.1. */
async function startSimulator() {
  const child = spawn(process.execPath, [cli, 'simulate', '--host', '127.0.0.1', '--port', '0', '--token-ttl', '1s'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const lines = createInterface({ input: child.stdout });
  let log = [];
  const url = await new Promise((resolveUrl, rejectUrl) => {
    const timer = setTimeout(() => rejectUrl(new Error('the simulator did not start within 10 s')), 10_000);
    child.once('exit', (code) => rejectUrl(new Error(`the simulator exited with code ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolveUrl(match[1]);
      else rejectUrl(new Error(`unexpected first line from the simulator: ${line}`));
    });
  });
  lines.on('line', (line) => log.push(line));
  // Never leave the simulator behind: not when the demo ends, fails, is interrupted, or its output pipe closes.
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stop();
      rmSync(work, { recursive: true, force: true });
      process.exit(130);
    });
  }
  process.stdout.on('error', () => process.exit(0)); // `npm start | head`: stop quietly
  return {
    url,
    /** The request lines logged since the last call. */
    take() {
      const taken = log;
      log = [];
      return taken;
    },
    stop,
  };
}

/** Runs one app as a child process with the simulator's demo credentials; prints its output and what the server saw. */
async function runApp(app, sim) {
  const env = {
    ...process.env,
    TABLEAU_SERVER: sim.url,
    // The simulator's built-in demo credentials (deliberately fake; see tableau-rest simulate --help).
    TABLEAU_PAT_NAME: 'demo-pat',
    TABLEAU_PAT_SECRET: 'fake-pat-secret:with:colons',
    TABLEAU_USER: 'demo-user',
    TABLEAU_PASSWORD: 'fake-password',
    TABLEAU_SITE: '',
    PAUSE_MS: '1500',
  };
  const file = join(work, app.dir, app.main);
  console.log(`\n${bold(`$ node ${relative(work, file)}`)}  ${dim(`# ${app.what}`)}`);
  const child = spawn(process.execPath, [file], { cwd: join(work, app.dir), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise((resolveCode) => child.on('close', resolveCode));
  await new Promise((r) => setTimeout(r, 50)); // let the simulator's last log lines arrive
  for (const line of output.trimEnd().split('\n')) console.log(`  ${line}`);
  console.log(code === 0 ? green(`  exit code 0`) : red(`  exit code ${code}`));
  console.log(dim('  what the simulator saw:'));
  for (const line of sim.take()) {
    const request = line.replace(/^\S+ /, '');
    console.log(`    ${/ 401 /.test(request) ? red(request) : dim(request)}`);
  }
  return code;
}
