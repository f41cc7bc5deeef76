// Measurement 1: what our five rules add to an ESLint run, against parse only and against no-unused-vars, on
// real code no one here wrote (mostly the pre-check at work) and on generated Tableau-heavy code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emit, fmtMs, fmtPct, fmtX, fmtInt, median, mdTable, parseArgs, passMiss, range, pairedColumns } from '../lib/common.mjs';
import { eslintStats, prepareConfig, timeVariants } from '../lib/eslint-harness.mjs';
import { loadRealCorpus, versionOf } from '../lib/corpus-real.mjs';
import { tableauCorpus } from '../lib/generate.mjs';
import { CORPUS_ROOT, dist } from '../lib/paths.mjs';

const options = parseArgs();
const runs = options.runs ?? (options.quick ? 2 : 5);
const statsRuns = options.quick ? 1 : 3;
const { default: plugin } = await import(dist.plugin);
const { mightCallTableau, normalizeSettings } = await import(dist.recognizer);
const passesPrecheck = (file) => (mightCallTableau(file.text, normalizeSettings(undefined)) ? 'analysed' : 'skipped by the pre-check');

const OURS = Object.keys(plugin.configs.recommended[0].rules);
const linterOptions = { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } };
// The plugin's own blocks (JS, and TS with its parser), so every variant parses exactly as a user's run would.
const blocks = (rules) => plugin.configs.recommended.map((block) => ({ ...block, rules }));
const emptyRule = { meta: { type: 'problem', schema: [] }, create: () => ({ 'Program:exit'() {} }) };

function variants() {
  const all = [
    { name: 'parse', label: '(a) no rules (parse only)', config: prepareConfig([linterOptions, ...blocks({})]) },
    { name: 'ours', label: '(b) our five rules (recommended)', config: prepareConfig([linterOptions, ...plugin.configs.recommended]) },
    { name: 'nuv', label: '(c) no-unused-vars', config: prepareConfig([linterOptions, ...blocks({}), { rules: { 'no-unused-vars': 'error' } }]) },
    {
      name: 'empty',
      label: '(e) one empty rule (ESLint\u2019s cost of running any rule)',
      config: prepareConfig([linterOptions, ...blocks({}), { plugins: { bench: { rules: { empty: emptyRule } } }, rules: { 'bench/empty': 'error' } }]),
    },
  ];
  return options.quick ? all.filter((v) => v.name !== 'empty') : all;
}

const statsConfig = prepareConfig([
  linterOptions,
  ...blocks(Object.fromEntries(OURS.map((r) => [r, 'error']))),
  { rules: { 'no-unused-vars': 'error' } },
]);

function measure(label, files) {
  const vs = variants();
  const t = timeVariants(files, vs, { runs, warmup: !options.quick });
  const stats = eslintStats(files, statsConfig, { runs: statsRuns, group: passesPrecheck, sumRules: OURS, warmup: !options.quick });
  const perRun = (fn) => median(t.cpu.parse.map((_, i) => fn(Object.fromEntries(vs.map((v) => [v.name, t.cpu[v.name][i]])))));
  const overParse = perRun((r) => (r.ours - r.parse) / r.parse);
  const overNuv = perRun((r) => (r.ours - r.parse) / (r.nuv - r.parse));
  // A baseline cost within noise (c <= a in some run) makes the ratio meaningless: reported, not judged.
  const nuvNoise = t.cpu.nuv.some((c, i) => c <= t.cpu.parse[i]);
  const emptyOverParse = options.quick ? NaN : perRun((r) => (r.empty - r.parse) / r.parse);
  const oursOverEmpty = options.quick ? NaN : perRun((r) => (r.ours - r.empty) / r.empty);
  const m = Object.fromEntries(vs.map((v) => [v.name, median(t.cpu[v.name])]));
  // Columns that agree with the ratios: the baseline's median, ours as that times the ratio (see pairedColumns).
  const colParse = pairedColumns(overParse, t.cpu.parse);
  const colNuv = pairedColumns(overNuv, t.cpu.nuv.map((c, i) => c - t.cpu.parse[i]));
  const oursStats = OURS.reduce((s, r) => s + (stats.rules[r] ?? 0), 0);
  const nuvStats = stats.rules['no-unused-vars'] ?? 0;
  const rows = [
    {
      id: 1,
      what: `Lint, ${label}: our 5 rules vs parse only, (b-a)/a`,
      ours: fmtMs(colParse.ours),
      baseline: fmtMs(colParse.baseline),
      ratio: fmtPct(overParse),
      goal: '< 10%',
      result: passMiss(overParse < 0.1),
    },
    {
      id: 1,
      what: `Lint, ${label}: our 5 rules vs no-unused-vars, (b-a)/(c-a)`,
      ours: fmtMs(colNuv.ours),
      baseline: fmtMs(colNuv.baseline),
      ratio: fmtX(overNuv),
      goal: nuvNoise ? '< 1x (no-unused-vars within noise: not judged)' : '< 1x',
      result: nuvNoise ? 'info' : passMiss(overNuv < 1),
    },
    {
      id: 1,
      what: `Lint, ${label}: ESLint stats, our 5 rules' time vs parse time`,
      ours: fmtMs(oursStats),
      baseline: fmtMs(stats.parse),
      ratio: fmtPct(oursStats / stats.parse, false),
      goal: `(no-unused-vars: ${fmtPct(nuvStats / stats.parse, false)})`,
      result: 'info',
    },
  ];
  const timing = mdTable(
    ['configuration', 'CPU time, median', 'runs (min-max)', 'wall time, median', 'parse errors', 'reports'],
    vs.map((v) => [
      v.label,
      fmtMs(m[v.name]),
      range(t.cpu[v.name]),
      fmtMs(median(t.wall[v.name])),
      String(t.fatal[v.name]),
      fmtInt(Object.entries(t.messages[v.name]).reduce((s, [, n]) => s + n, 0)),
    ]),
  );
  const ruleTable = mdTable(
    ['rule (ESLint stats, one pass with all six rules)', 'time', 'share of parse'],
    [
      ['parse', fmtMs(stats.parse), '100%'],
      ...OURS.map((r) => [r, fmtMs(stats.rules[r] ?? 0), fmtPct((stats.rules[r] ?? 0) / stats.parse, false)]),
      ['**our five rules together**', `**${fmtMs(oursStats)}**`, `**${fmtPct(oursStats / stats.parse, false)}**`],
      ['no-unused-vars', fmtMs(nuvStats), fmtPct(nuvStats / stats.parse, false)],
    ],
  );
  const groupTable = mdTable(
    ['files (by the recogniser\u2019s text pre-check)', 'files', 'lines', 'parse', 'our five rules', 'share of parse', 'share of our time'],
    Object.entries(stats.groups)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([g, v]) => [g, fmtInt(v.files), fmtInt(v.lines), fmtMs(v.parse), fmtMs(v.rules), fmtPct(v.rules / v.parse, false), fmtPct(v.rules / (oursStats || 1), false)]),
  );
  const details = [
    `#### ${label}`,
    '',
    timing,
    '',
    `Per run (paired): (b-a)/a = ${fmtPct(overParse)}, (b-a)/(c-a) = ${fmtX(overNuv)}${options.quick ? '' : `; ESLint's fixed cost of running any rule at all, (e-a)/a = ${fmtPct(emptyOverParse)}; our rules beyond that, (b-e)/e = ${fmtPct(oursOverEmpty)}`}.`,
    '',
    ruleTable,
    '',
    groupTable,
  ].join('\n');
  return { rows, details, raw: { cpu: t.cpu, wall: t.wall, stats, fatal: t.fatal } };
}

// Real corpus.
const real = loadRealCorpus({ quick: options.quick });
const realLines = real.files.reduce((s, f) => s + f.lines, 0);
const versions = `eslint ${versionOf('eslint')}, typescript-eslint ${versionOf('@typescript-eslint/parser')}, axios ${versionOf('axios')}, vitest ${versionOf('vitest')}`;
const realLabel = `installed packages (${fmtInt(real.files.length)} files, ${fmtInt(realLines)} lines)`;
const realResult = measure(realLabel, real.files);

// Generated Tableau-heavy corpus.
const tableauFiles = options.quick ? 30 : 400;
const tDir = join(CORPUS_ROOT, `tableau-lint-${tableauFiles}`);
const manifest = tableauCorpus(tDir, { files: tableauFiles, seed: 7 });
const tFiles = manifest.files.map((f) => {
  const text = readFileSync(join(tDir, f.path), 'utf8');
  return { path: join(tDir, f.path), rel: `tableau/${f.path}`, text, lines: f.lines, sourceType: f.path.endsWith('.cjs') ? 'commonjs' : 'module' };
});
const tLines = tFiles.reduce((s, f) => s + f.lines, 0);
const byExt = (ext) => tFiles.filter((f) => f.path.endsWith(ext)).length;
const tLabel = `generated Tableau code (${fmtInt(tFiles.length)} files, ${fmtInt(tLines)} lines)`;
const tResult = measure(tLabel, tFiles);
if (tResult.raw.fatal.parse > 0) throw new Error(`the generated Tableau corpus has ${tResult.raw.fatal.parse} files that do not parse (bench/templates)`);

const corpus = [
  `Real corpus (${options.quick ? 'quick slice' : 'full'}; ${versions}): ${fmtInt(real.files.length)} files, ${fmtInt(realLines)} lines of JavaScript, linted in memory with ESLint's Linter (each file's module system from its extension or nearest package.json):`,
  '',
  mdTable(['directory', 'files', 'lines'], real.dirs.map((d) => [`\`${d.dir}\``, fmtInt(d.files), fmtInt(d.lines)])),
  '',
  `Tableau corpus: ${fmtInt(tFiles.length)} generated modules, ${fmtInt(tLines)} lines (${byExt('.js') + byExt('.mjs')} ES module .js/.mjs, ${byExt('.cjs')} CommonJS, ${byExt('.ts')} TypeScript); each has 2-4 Tableau client blocks (fetch with a module token, axios defaults, a node-fetch class client, jQuery/XHR, got hooks, superagent, https.request, retry loops, hard-coded PATs, re-sign-in on any error, expiry-time refresh, 401 re-sign-in, the session wrapper) and 0-2 plain blocks, from bench/templates with seed 7. Written to \`${tDir}\`.`,
].join('\n');

emit(options, {
  id: 1,
  title: 'Lint cost',
  rows: [...realResult.rows, ...tResult.rows],
  corpus,
  details: [
    `Time is process CPU time (user + system), summed over chunks of about 2,000 lines that each configuration lints in turn (order rotated per chunk), after one warm-up pass (none with --quick); median of ${runs} runs. ESLint's per-rule timing is the \`stats: true\` data (what TIMING=1 prints), median of ${statsRuns} pass(es).`,
    '',
    realResult.details,
    '',
    tResult.details,
  ].join('\n'),
  raw: { real: realResult.raw, tableau: tResult.raw },
});
