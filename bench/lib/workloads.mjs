// The workloads bench/profile.mjs profiles: the parts of the benchmark where our code runs, without the baselines.
//   node bench/lib/workloads.mjs real|tableau|editor|typed|wrapper|codemod [--quick]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter, ESLint } from 'eslint';
import { loadRealCorpus } from './corpus-real.mjs';
import { prepareConfig, virtualName } from './eslint-harness.mjs';
import { codemodCorpus, editorFile, tableauCorpus, typedProject } from './generate.mjs';
import { CORPUS_ROOT, dist } from './paths.mjs';

const [target, flag] = process.argv.slice(2);
const quick = flag === '--quick';
const { default: plugin } = await import(dist.plugin);
const config = prepareConfig([{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } }, ...plugin.configs.recommended]);

function lintAll(files, passes) {
  const linter = new Linter({ configType: 'flat' });
  for (let i = 0; i < passes; i++) for (const f of files) linter.verify(f.text, config, virtualName(f));
}

function generated(dir, manifest, prefix) {
  return manifest.files.map((f) => ({
    rel: `${prefix}/${f.path}`,
    text: readFileSync(join(dir, f.path), 'utf8'),
    lines: f.lines,
    sourceType: f.path.endsWith('.cjs') ? 'commonjs' : 'module',
  }));
}

if (target === 'real') {
  lintAll(loadRealCorpus({ quick }).files, quick ? 1 : 3);
} else if (target === 'tableau') {
  const n = quick ? 30 : 400;
  const dir = join(CORPUS_ROOT, `tableau-lint-${n}`);
  lintAll(generated(dir, tableauCorpus(dir, { files: n, seed: 7 }), 'tableau'), quick ? 1 : 3);
} else if (target === 'editor') {
  const dir = join(CORPUS_ROOT, 'editor');
  lintAll(generated(dir, editorFile(dir, { lines: 5000, seed: 11 }), 'editor'), quick ? 3 : 15);
} else if (target === 'typed') {
  const n = quick ? 20 : 150;
  const dir = join(CORPUS_ROOT, `typed-project-${n}`);
  typedProject(dir, { files: n, seed: 5 });
  const root = { files: ['**/*.ts'], languageOptions: { parserOptions: { tsconfigRootDir: dir } } };
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [...plugin.configs['recommended-type-checked'], root], cache: false });
  await eslint.lintFiles(['src']);
} else if (target === 'wrapper') {
  // The simulator runs in its own process, as in the benchmark, so the profile shows the client side only.
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const child = spawn(process.execPath, [new URL('./simulator-child.mjs', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  const { url: simUrl } = JSON.parse(await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve)));
  const sim = { url: simUrl, close: async () => child.stdin.end() };
  const { renderWrapper } = await import(dist.session);
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const wdir = join(CORPUS_ROOT, 'wrapper');
  mkdirSync(wdir, { recursive: true });
  writeFileSync(join(wdir, 'tableau-session.mjs'), renderWrapper({ language: 'js', module: 'esm' }));
  const { createTableauSession } = await import(pathToFileURL(join(wdir, 'tableau-session.mjs')).href);
  const session = createTableauSession({
    server: sim.url,
    apiVersion: '3.22',
    credentials: { personalAccessTokenName: 'demo-pat', personalAccessTokenSecret: 'fake-pat-secret:with:colons', site: { contentUrl: '' } },
  });
  await session.signIn();
  const url = `${sim.url}/api/3.22/sites/${session.siteId}/projects`;
  // The wrapper's own cost: compare with the same loop over raw fetch (BENCH_RAW=1).
  const raw = process.env.BENCH_RAW === '1';
  const headers = { Accept: 'application/json', 'X-Tableau-Auth': session.token };
  if (raw) session.fetch = (u) => fetch(u, { headers });
  let left = quick ? 2000 : 20000;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (left-- > 0) await (await session.fetch(url, { headers: { Accept: 'application/json' } })).arrayBuffer();
  }));
  await sim.close();
} else if (target === 'codemod') {
  const n = quick ? 200 : 2000;
  const dir = join(CORPUS_ROOT, `codemod-${n}`);
  const real = loadRealCorpus({ quick: false }).files.map(({ path, sourceType }) => ({ path, sourceType }));
  codemodCorpus(dir, { files: n, seed: 3, tableauShare: 0.1, realFiles: real });
  const prof = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const r = spawnSync(process.execPath, [...prof, dist.cli, 'fix', dir, '--dry-run', '--cpus', '1', '--force'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 && r.status !== 1) process.exit(r.status ?? 1);
}
