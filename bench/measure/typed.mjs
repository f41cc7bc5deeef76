// Measurement 2: typed linting. The ESLint class over a generated TypeScript project with the project service,
// as `recommended-type-checked` runs it, against typed parsing alone and against typescript-eslint's own
// type-checked rules (no-floating-promises; the whole recommendedTypeChecked set for reference).
import { join } from 'node:path';
import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import tseslint from 'typescript-eslint';
import { cpuMs, emit, fmtInt, fmtMs, fmtPct, fmtX, gc, median, mdTable, parseArgs, passMiss, range, pairedColumns } from '../lib/common.mjs';
import { typedProject } from '../lib/generate.mjs';
import { CORPUS_ROOT, dist } from '../lib/paths.mjs';
import { versionOf } from '../lib/corpus-real.mjs';

const options = parseArgs();
// Each run builds a TypeScript program (about 2 s of CPU), whose cost alone swings by 10-20% from run to run on a
// shared machine: three runs moved the median ratio between +6% and +15% with no change to the code, so five.
const runs = options.runs ?? (options.quick ? 1 : 5);
const files = options.quick ? 20 : 150;
const { default: plugin } = await import(dist.plugin);
const OURS = Object.keys(plugin.configs.recommended[0].rules);

const dir = join(CORPUS_ROOT, `typed-project-${files}`);
const manifest = typedProject(dir, { files, seed: 5 });
const lines = manifest.files.reduce((s, f) => s + f.lines, 0);

const typed = plugin.configs['recommended-type-checked'];
const root = { files: ['**/*.ts'], languageOptions: { parserOptions: { tsconfigRootDir: dir } } };
const bare = [...typed.map((b) => ({ ...b, rules: {} })), root];
const tsPlugin = { plugins: { '@typescript-eslint': tseslint.plugin } };
const allVariants = [
  { name: 'parse', label: '(a) typed parse only (project service, no rules)', config: bare },
  { name: 'ours', label: '(b) recommended-type-checked (our five rules)', config: [...typed, root] },
  { name: 'nfp', label: '(c) @typescript-eslint/no-floating-promises', config: [...bare, { ...tsPlugin, rules: { '@typescript-eslint/no-floating-promises': 'error' } }] },
  {
    name: 'rtc',
    label: `(d) typescript-eslint recommendedTypeChecked (${Object.keys(Object.assign({}, ...tseslint.configs.recommendedTypeChecked.map((c) => c.rules ?? {}))).length} rules)`,
    config: [...bare, ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] })), root],
  },
];

// --quick: no recommendedTypeChecked reference run.
const variants = options.quick ? allVariants.slice(0, 3) : allVariants;

async function lint(config, stats = false) {
  tsParser.clearCaches();
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, cache: false, stats });
  return eslint.lintFiles(['src']);
}

const cpu = Object.fromEntries(variants.map((v) => [v.name, []]));
const wall = Object.fromEntries(variants.map((v) => [v.name, []]));
const reports = {};
// One warm-up run (loading TypeScript and its lib files, JIT), not counted.
await lint(variants[1].config);
for (let run = 0; run < runs; run++) {
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(k + run) % variants.length];
    gc();
    const c0 = cpuMs();
    const w0 = performance.now();
    const results = await lint(v.config);
    wall[v.name].push(performance.now() - w0);
    cpu[v.name].push(cpuMs() - c0);
    const fatal = results.reduce((s, r) => s + r.messages.filter((m) => m.fatal).length, 0);
    if (fatal) throw new Error(`${v.name}: ${fatal} parse errors in the typed project`);
    reports[v.name] = results.reduce((s, r) => s + r.messages.filter((m) => m.ruleId).length, 0);
  }
}

// ESLint's per-rule timing for ours and no-floating-promises together.
const statsResults = await lint([...typed, root, { ...tsPlugin, rules: { '@typescript-eslint/no-floating-promises': 'error' } }], true);
const ruleTime = {};
let parseTime = 0;
for (const r of statsResults) {
  const pass = r.stats?.times?.passes?.[0];
  if (!pass) continue;
  parseTime += pass.parse?.total ?? 0;
  for (const [rule, t] of Object.entries(pass.rules ?? {})) ruleTime[rule] = (ruleTime[rule] ?? 0) + t.total;
}
const oursStats = OURS.reduce((s, r) => s + (ruleTime[r] ?? 0), 0);
const nfpStats = ruleTime['@typescript-eslint/no-floating-promises'] ?? 0;

const perRun = (fn) => median(cpu.parse.map((_, i) => fn(Object.fromEntries(variants.map((v) => [v.name, cpu[v.name][i]])))));
const overParse = perRun((r) => (r.ours - r.parse) / r.parse);
const overNfp = perRun((r) => (r.ours - r.parse) / (r.nfp - r.parse));
// A baseline cost within noise (c <= a in some run) makes the ratio meaningless: reported, not judged.
const nfpNoise = cpu.nfp.some((c, i) => c <= cpu.parse[i]);
const overRtc = options.quick ? undefined : perRun((r) => (r.ours - r.parse) / (r.rtc - r.parse));
const m = Object.fromEntries(variants.map((v) => [v.name, median(cpu[v.name])]));
// Columns that agree with the ratios: the baseline's median, ours as that times the ratio (see pairedColumns).
const overBaseline = (name) => cpu[name].map((c, i) => c - cpu.parse[i]);
const colParse = pairedColumns(overParse, cpu.parse);
const colNfp = pairedColumns(overNfp, overBaseline('nfp'));
const colRtc = overRtc === undefined ? undefined : pairedColumns(overRtc, overBaseline('rtc'));

emit(options, {
  id: 2,
  title: 'Typed mode',
  rows: [
    {
      id: 2,
      what: `Typed lint, TS project (${files} files, ${fmtInt(lines)} lines): recommended-type-checked vs typed parse, (b-a)/a`,
      ours: fmtMs(colParse.ours),
      baseline: fmtMs(colParse.baseline),
      ratio: fmtPct(overParse),
      goal: '< 10%',
      result: passMiss(overParse < 0.1),
    },
    {
      id: 2,
      what: 'Typed lint: ours vs @typescript-eslint/no-floating-promises, (b-a)/(c-a)',
      ours: fmtMs(colNfp.ours),
      baseline: fmtMs(colNfp.baseline),
      ratio: fmtX(overNfp),
      goal: nfpNoise ? '< 1x (baseline within noise: not judged)' : '< 1x',
      result: nfpNoise ? 'info' : passMiss(overNfp < 1),
    },
    ...(overRtc === undefined
      ? []
      : [
          {
            id: 2,
            what: 'Typed lint: ours vs typescript-eslint recommendedTypeChecked, (b-a)/(d-a)',
            ours: fmtMs(colRtc.ours),
            baseline: fmtMs(colRtc.baseline),
            ratio: fmtX(overRtc),
            goal: '',
            result: 'info',
          },
        ]),
  ],
  corpus: `Typed project: ${files} generated TypeScript files, ${fmtInt(lines)} lines (seed 5, \`${dir}\`): half Tableau modules (1-3 client blocks and 0-2 plain blocks), half plain application modules (2-4 blocks), an index importing every seventh module, a strict tsconfig (NodeNext, lib ES2023 + DOM, @types/node) and node_modules linked to this repository's, so axios and node-fetch resolve to their real types. typescript ${versionOf('typescript')}, typescript-eslint ${versionOf('typescript-eslint')}.`,
  details: [
    `The ESLint class (\`lintFiles(['src'])\`, \`parserOptions.projectService\`, no cache), a fresh instance and cleared parser caches for every run, so each run builds the TypeScript program anew as a CI run does. Process CPU time, median of ${runs} run(s) per configuration after one warm-up run, configurations interleaved (order rotated per run).`,
    '',
    mdTable(
      ['configuration', 'CPU time, median', 'runs (min-max)', 'wall time, median', 'reports'],
      variants.map((v) => [v.label, fmtMs(m[v.name]), range(cpu[v.name]), fmtMs(median(wall[v.name])), fmtInt(reports[v.name])]),
    ),
    '',
    mdTable(
      ['ESLint stats (one run, ours + no-floating-promises)', 'time', 'share of parse'],
      [
        ['parse (includes type-checker work done while parsing)', fmtMs(parseTime), '100%'],
        ...OURS.map((r) => [r, fmtMs(ruleTime[r] ?? 0), fmtPct((ruleTime[r] ?? 0) / parseTime, false)]),
        ['**our five rules together**', `**${fmtMs(oursStats)}**`, `**${fmtPct(oursStats / parseTime, false)}**`],
        ['@typescript-eslint/no-floating-promises', fmtMs(nfpStats), fmtPct(nfpStats / parseTime, false)],
      ],
    ),
  ].join('\n'),
  raw: { cpu, wall, ruleTime, parseTime },
});
