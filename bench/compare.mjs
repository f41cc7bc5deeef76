#!/usr/bin/env node
// Before/after for a change to the rules or the recogniser, robust to a busy machine: two builds of the package
// are loaded into one process and lint the same files in turn (file by file, order alternating), and ESLint's own
// per-rule timing (`stats: true`) gives each build's rule time next to the same parse.
//
//   node bench/compare.mjs BEFORE_DIST AFTER_DIST [--runs N] [--quick]
//
// Each DIST is a build's dist/ folder inside this repository (so its imports resolve), e.g. a copy of dist/ taken
// before the change and dist/ itself after `npm run build`. Also prints each build's report count per corpus:
// a performance change should not change the findings.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import { fmtInt, fmtMs, fmtPct, gc, mdTable, median } from './lib/common.mjs';
import { loadRealCorpus } from './lib/corpus-real.mjs';
import { prepareConfig, virtualName } from './lib/eslint-harness.mjs';
import { editorFile, tableauCorpus } from './lib/generate.mjs';
import { CORPUS_ROOT, ROOT } from './lib/paths.mjs';

const args = process.argv.slice(2);
const dists = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
if (dists.length !== 2) {
  console.error('usage: node bench/compare.mjs BEFORE_DIST AFTER_DIST [--runs N] [--quick]');
  process.exit(2);
}
const quick = args.includes('--quick');
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : quick ? 1 : 3;

const builds = [];
for (const dir of dists) {
  const { default: plugin } = await import(pathToFileURL(join(resolve(dir), 'src', 'index.js')).href);
  const config = prepareConfig([{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } }, ...plugin.configs.recommended]);
  builds.push({ name: relative(ROOT, resolve(dir)) || dir, config, rules: Object.keys(plugin.configs.recommended[0].rules) });
}

function generated(dir, manifest, prefix) {
  return manifest.files.map((f) => ({ rel: `${prefix}/${f.path}`, text: readFileSync(join(dir, f.path), 'utf8'), lines: f.lines, sourceType: f.path.endsWith('.cjs') ? 'commonjs' : 'module' }));
}
const tableauCount = quick ? 30 : 400;
const tDir = join(CORPUS_ROOT, `tableau-lint-${tableauCount}`);
const eDir = join(CORPUS_ROOT, 'editor');
const corpora = [
  { name: 'installed packages', files: loadRealCorpus({ quick }).files, passes: runs },
  { name: 'Tableau corpus', files: generated(tDir, tableauCorpus(tDir, { files: tableauCount, seed: 7 }), 'tableau'), passes: runs },
  { name: 'editor file', files: generated(eDir, editorFile(eDir, { lines: 5000, seed: 11 }), 'editor'), passes: runs * 10 },
];

const linter = new Linter({ configType: 'flat' });
const rows = [];
for (const corpus of corpora) {
  const lines = corpus.files.reduce((s, f) => s + f.lines, 0);
  const totals = builds.map(() => []);
  const reports = builds.map(() => 0);
  for (let pass = -1; pass < corpus.passes; pass++) {
    const sums = builds.map(() => ({ parse: 0, rules: 0 }));
    gc();
    corpus.files.forEach((file, i) => {
      const order = (i + pass) % 2 ? [1, 0] : [0, 1];
      for (const b of order) {
        const result = linter.verifyAndFix(file.text, builds[b].config, { filename: virtualName(file), fix: false, stats: true });
        const times = linter.getTimes().passes[0];
        sums[b].parse += times?.parse?.total ?? 0;
        sums[b].rules += builds[b].rules.reduce((s, r) => s + (times?.rules?.[r]?.total ?? 0), 0);
        if (pass === -1) reports[b] += result.messages.filter((m) => m.ruleId?.startsWith('tableau-rest/')).length;
      }
    });
    if (pass >= 0) sums.forEach((s, b) => totals[b].push(s));
  }
  const [before, after] = totals.map((t) => ({ rules: median(t.map((s) => s.rules)), ratio: median(t.map((s) => s.rules / s.parse)) }));
  rows.push([
    `${corpus.name} (${fmtInt(corpus.files.length)} files, ${fmtInt(lines)} lines)`,
    `${fmtMs(before.rules)} (${fmtPct(before.ratio, false)} of parse)`,
    `${fmtMs(after.rules)} (${fmtPct(after.ratio, false)} of parse)`,
    fmtPct(after.rules / before.rules - 1),
    reports[0] === reports[1] ? `${fmtInt(reports[0])} (same)` : `**${fmtInt(reports[0])} -> ${fmtInt(reports[1])}**`,
  ]);
}
console.log(`before: ${builds[0].name}\nafter:  ${builds[1].name}\nour five rules (recommended), ESLint stats, median of ${runs} pass(es) (editor file: ${runs * 10})\n`);
console.log(mdTable(['corpus', 'before', 'after', 'change', 'reports'], rows));
