#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only 1,4] [-- --no-build] [-- --runs N]`
//
// Measures what the plugin costs its users, each figure a ratio against a baseline measured in the same run
// (absolute times on a shared machine are noise): 1. lint cost, 2. typed mode, 3. codemod throughput, 4. wrapper
// overhead, 5. editor latency. Each measurement runs in its own Node process (bench/measure/*.mjs) against the
// BUILT package in dist/. Prints a table; a full run also writes bench/results.md (--quick writes
// bench/.corpus/results.quick.md instead, --only or another build bench/.corpus/results.partial.md, so the
// committed results are always from a full run of dist/).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { mdTable } from './lib/common.mjs';
import { versionOf } from './lib/corpus-real.mjs';
import { BENCH_DIR, CORPUS_ROOT, DIST, ROOT, SCRATCH } from './lib/paths.mjs';

export const MEASUREMENTS = [
  { id: 1, script: 'lint.mjs', title: 'Lint cost' },
  { id: 2, script: 'typed.mjs', title: 'Typed mode' },
  { id: 3, script: 'codemod.mjs', title: 'Codemod throughput' },
  { id: 4, script: 'wrapper.mjs', title: 'Wrapper overhead' },
  { id: 5, script: 'editor.mjs', title: 'Editor latency' },
];

function parseArgs(argv) {
  const options = { quick: false, build: true, only: undefined, runs: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') options.quick = true;
    else if (a === '--no-build') options.build = false;
    else if (a === '--only') options.only = argv[++i].split(',').map(Number);
    else if (a === '--runs') options.runs = argv[++i];
    else if (a === '--out') options.out = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('Usage: npm run bench -- [--quick] [--only 1,2,3,4,5] [--runs N] [--no-build] [--out FILE]\n(TABLEAU_REST_BENCH_DIST=DIR measures another build of the package instead of dist/)');
      process.exit(0);
    } else {
      console.error(`bench: unknown option ${a} (see --help)`);
      process.exit(2);
    }
  }
  return options;
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Builds dist/ when it is missing or older than any source (the benchmark measures the built package). */
function ensureBuilt(options) {
  if (DIST !== join(ROOT, 'dist')) return; // another build, measured as it is
  const marker = join(DIST, 'src', 'index.js');
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const sources = Math.max(...['src', 'rules', 'codemods', 'scripts', 'package.json', 'tsconfig.build.json'].map((p) => newestMtime(join(ROOT, p))));
  if (built && built >= sources) return;
  if (!options.build) {
    console.error(built ? 'bench: dist/ is older than the sources; measuring it anyway (--no-build)' : 'bench: dist/ is missing: run npm run build');
    if (!built) process.exit(2);
    return;
  }
  console.error(built ? 'bench: sources are newer than dist/; building (npm run build)' : 'bench: building dist/ (npm run build)');
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('bench: the build failed');
    process.exit(2);
  }
}

function runMeasurement(m, options) {
  mkdirSync(SCRATCH, { recursive: true });
  const out = join(SCRATCH, `result-${m.id}-${process.pid}.json`);
  const args = ['--expose-gc', join(BENCH_DIR, 'measure', m.script), '--out', out];
  if (options.quick) args.push('--quick');
  if (options.runs) args.push('--runs', options.runs);
  const t0 = Date.now();
  process.stderr.write(`bench: ${m.id}. ${m.title}...`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      if (code === 0 && existsSync(out)) {
        const result = JSON.parse(readFileSync(out, 'utf8'));
        rmSync(out, { force: true });
        resolve(result);
        return;
      }
      const reason = output.trim().split('\n').slice(-6).join('\n');
      process.stderr.write(`${reason}\n`);
      resolve({
        id: m.id,
        title: m.title,
        failed: true,
        rows: [{ id: m.id, what: `${m.title}: the measurement failed (exit ${code})`, ours: 'n/a', baseline: 'n/a', ratio: 'n/a', goal: '', result: 'ERROR' }],
        corpus: '',
        details: `The measurement failed (exit ${code}):\n\n\`\`\`\n${reason}\n\`\`\``,
      });
    });
  });
}

export function summaryTable(results) {
  return mdTable(
    ['#', 'measurement', 'ours', 'baseline', 'ratio', 'goal', 'result'],
    results.flatMap((r) => r.rows).map((row) => [String(row.id), row.what, row.ours, row.baseline, row.ratio, row.goal || '', row.result]),
  );
}

function git(args) {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function environment() {
  const cpu = cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${type()} ${release()} (shared with other work: absolute times are noise, ratios are the result)`,
    `- Node ${process.version}; eslint ${versionOf('eslint')}, typescript ${versionOf('typescript')}, typescript-eslint ${versionOf('typescript-eslint')}, jscodeshift ${versionOf('jscodeshift')}`,
    `- Package: eslint-plugin-tableau-rest ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}, commit ${git(['rev-parse', '--short', 'HEAD']) || 'unknown'} (${DIST === join(ROOT, 'dist') ? 'dist/ built from the working tree' : `the build in ${DIST}`})`,
    `- Generated corpora: \`${CORPUS_ROOT}\` (deterministic, seeded; regenerated when bench/templates or the generator change)`,
  ].join('\n');
}

const NOTES_START = '<!-- notes:start -->';
const NOTES_END = '<!-- notes:end -->';

/** The hand-written part of results.md (profiling findings, before/after), kept across runs. */
function keptNotes(file) {
  if (!existsSync(file)) return `${NOTES_START}\n${NOTES_END}`;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(NOTES_START);
  const end = text.indexOf(NOTES_END);
  return start >= 0 && end > start ? text.slice(start, end + NOTES_END.length) : `${NOTES_START}\n${NOTES_END}`;
}

function report(results, options, file) {
  const goals = results.flatMap((r) => r.rows).filter((row) => row.result === 'PASS' || row.result === 'MISS');
  const misses = goals.filter((g) => g.result === 'MISS');
  return [
    `# Benchmark results${options.quick ? ' (--quick: reduced corpora and runs, not for conclusions)' : ''}`,
    '',
    'Generated by `npm run bench` (bench/run.mjs); the notes section at the end is written by hand and kept across runs.',
    '',
    environment(),
    '',
    '## Summary',
    '',
    summaryTable(results),
    '',
    'Where a ratio is the median of per-run (or per-block) ratios, the baseline column is the median of the baseline runs and the ours column is that times the ratio, so ours/baseline is the printed ratio; the medians of each side taken apart are in the details.',
    '',
    `Goals: ${goals.length - misses.length} PASS, ${misses.length} MISS${misses.length ? ` (${misses.map((m) => m.what.split(':')[0] + ': ' + m.ratio).join('; ')})` : ''}.`,
    '',
    '## Corpora',
    '',
    ...results.filter((r) => r.corpus).flatMap((r) => [`### ${r.id}. ${r.title}`, '', r.corpus, '']),
    '## Details',
    '',
    ...results.flatMap((r) => [`### ${r.id}. ${r.title}`, '', r.details, '']),
    '## Notes: profiling, findings, before and after',
    '',
    keptNotes(file),
    '',
  ].join('\n');
}

const options = parseArgs(process.argv.slice(2));
ensureBuilt(options);
const t0 = Date.now();
const results = [];
for (const m of MEASUREMENTS) {
  if (options.only && !options.only.includes(m.id)) continue;
  results.push(await runMeasurement(m, options));
}
// A partial run (--only) or another build never replaces the committed results unless --out says so.
const partial = options.only !== undefined || DIST !== join(ROOT, 'dist');
const file = options.out ?? (options.quick ? join(SCRATCH, 'results.quick.md') : partial ? join(SCRATCH, 'results.partial.md') : join(BENCH_DIR, 'results.md'));
writeFileSync(file, report(results, options, join(BENCH_DIR, 'results.md')));
console.log(`\nBenchmark${options.quick ? ' (--quick)' : ''}: our cost as ratios against baselines measured in the same run\n`);
console.log(summaryTable(results));
console.log(`\n${((Date.now() - t0) / 1000).toFixed(0)} s; details in ${file.replace(`${ROOT}/`, '')}`);
if (results.some((r) => r.failed)) process.exitCode = 1;
