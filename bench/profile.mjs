#!/usr/bin/env node
// Profiles one of the benchmark's workloads with V8's sampling profiler (`node --cpu-prof`) and prints where the
// time goes: self time per function, our package's share by file, and the callers of our hottest functions.
//
//   node bench/profile.mjs real|tableau|editor|typed|wrapper|codemod [--quick]
//
// Profiles and the printed summary go to bench/.corpus/profiles/ (gitignored). Build first (npm run build).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callersOf, formatSummary, summarizeProfile } from './lib/cpuprofile.mjs';
import { BENCH_DIR, DIST, ROOT, SCRATCH } from './lib/paths.mjs';

const TARGETS = ['real', 'tableau', 'editor', 'typed', 'wrapper', 'codemod'];
const [target, ...rest] = process.argv.slice(2);
if (!TARGETS.includes(target)) {
  console.error(`usage: node bench/profile.mjs ${TARGETS.join('|')} [--quick]`);
  process.exit(2);
}
const quick = rest.includes('--quick');
const dir = join(SCRATCH, 'profiles', target);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

// The workload runs in a child with --cpu-prof (Node does not allow it in NODE_OPTIONS; the codemod workload
// passes it on to the CLI, whose jscodeshift workers inherit it).
const workload = join(BENCH_DIR, 'lib', 'workloads.mjs');
const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, workload, target, ...(quick ? ['--quick'] : [])], {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, BENCH_PROFILE_DIR: dir },
});
if (run.status !== 0) {
  console.error(`profile: the workload exited with ${run.status}`);
  process.exit(1);
}

// The biggest profile is the one that did the work (the workload itself, or a jscodeshift worker).
const profiles = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(dir, f))
  .sort((a, b) => statSync(b).size - statSync(a).size);
const summary = summarizeProfile(profiles[0]);
// Ours: the built package, and the generated wrapper the wrapper workload imports.
const isOurs = (url) => url.includes(`${DIST}/`) || url.includes('/wrapper/tableau-session.');
const ours = summary.functions.filter((f) => isOurs(f.url));
const oursMs = ours.reduce((s, f) => s + f.selfMs, 0);
const byFile = new Map();
for (const f of ours) {
  const key = f.url.includes(`${DIST}/`) ? f.url.slice(f.url.indexOf(`${DIST}/`) + DIST.length + 1) : `generated ${f.url.split('/').pop()}`;
  byFile.set(key, (byFile.get(key) ?? 0) + f.selfMs);
}
const lines = [
  `profile: ${target}${quick ? ' (--quick)' : ''}, ${profiles[0]}`,
  '',
  formatSummary(summary, { top: 20 }),
  '',
  `our code (dist/ and the generated wrapper): ${oursMs.toFixed(0)} ms self time, ${((oursMs / summary.totalMs) * 100).toFixed(1)}% of the profile (GC is counted apart, under (garbage collector))`,
  '',
  ...[...byFile].sort((a, b) => b[1] - a[1]).map(([file, ms]) => `${ms.toFixed(1).padStart(8)} ${((ms / oursMs) * 100).toFixed(1).padStart(6)}% of ours  ${file}`),
  '',
  'hottest functions of ours, and who calls them (share of our self time):',
];
for (const f of ours.slice(0, 8)) {
  lines.push(`${f.selfMs.toFixed(1).padStart(8)} ${((f.selfMs / oursMs) * 100).toFixed(1).padStart(6)}%  ${f.name} ${f.url.replace(/^.*\/(dist|wrapper)\//, '$1/')}:${f.line}`);
  for (const c of callersOf(summary, f.name, 3, f.url).slice(0, 3)) lines.push(`           ${c.selfMs.toFixed(1).padStart(7)} ms  <- ${c.stack}`);
}
const text = lines.join('\n');
writeFileSync(join(dir, 'summary.txt'), `${text}\n`);
console.log(text);
