// Measurement 5: editor latency. The ESLint language server lints the open file again on every change, in a
// warm process; here one long module full of Tableau calls is linted repeatedly and ESLint's own per-rule timing
// (`stats: true`) gives our rules' time next to the file's parse time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import { emit, fmtInt, fmtMs, fmtPct, gc, median, mdTable, parseArgs, passMiss, range, pairedColumns } from '../lib/common.mjs';
import { prepareConfig } from '../lib/eslint-harness.mjs';
import { editorFile } from '../lib/generate.mjs';
import { CORPUS_ROOT, dist } from '../lib/paths.mjs';

const options = parseArgs();
const runs = options.runs ?? (options.quick ? 3 : 25);
const warmup = options.quick ? 2 : 5;
const { default: plugin } = await import(dist.plugin);
const { analyzeSource } = await import(dist.recognizer);
const OURS = Object.keys(plugin.configs.recommended[0].rules);

const dir = join(CORPUS_ROOT, 'editor');
const manifest = editorFile(dir, { lines: 5000, seed: 11 });
const file = manifest.files[0];
const text = readFileSync(join(dir, file.path), 'utf8');
const calls = analyzeSource(text, file.path)?.analysis.calls.length ?? 0;

const config = prepareConfig([{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } }, ...plugin.configs.recommended]);
const linter = new Linter({ configType: 'flat' });
const samples = [];
let reports = 0;
let fatal = 0;
for (let i = -warmup; i < runs; i++) {
  gc();
  const messages = linter.verifyAndFix(text, config, { filename: `editor/${file.path}`, fix: false, stats: true }).messages;
  const pass = linter.getTimes().passes[0];
  if (i === -warmup) {
    reports = messages.filter((m) => m.ruleId?.startsWith('tableau-rest/')).length;
    fatal = messages.filter((m) => m.fatal).length;
  }
  if (i < 0) continue;
  const rules = Object.fromEntries(OURS.map((r) => [r, pass.rules?.[r]?.total ?? 0]));
  samples.push({ parse: pass.parse.total, total: pass.total, rules, ours: Object.values(rules).reduce((a, b) => a + b, 0) });
}
if (fatal) throw new Error(`the generated editor file does not parse (${fatal} errors)`);

const ratio = median(samples.map((s) => s.ours / s.parse));
// The columns agree with the ratio (the parse median, ours as that times the ratio); both goals are judged on them.
const { ours, baseline: parse } = pairedColumns(ratio, samples.map((s) => s.parse));
const ok = ratio < 0.1 && ours < 20;

emit(options, {
  id: 5,
  title: 'Editor latency',
  rows: [
    {
      id: 5,
      what: `Editor: our 5 rules on one ${fmtInt(file.lines)}-line file (${calls} Tableau calls) vs its parse time`,
      ours: fmtMs(ours),
      baseline: fmtMs(parse),
      ratio: fmtPct(ratio, false),
      goal: '< 10% and < 20 ms',
      result: passMiss(ok),
    },
  ],
  corpus: `Editor file: one generated ES module of ${fmtInt(file.lines)} lines (seed 11, \`${join(dir, file.path)}\`): template blocks back to back, 75% Tableau clients and 25% plain code; the recogniser finds ${calls} Tableau calls in it and the five rules report ${reports} findings.`,
  details: [
    `ESLint's \`stats: true\` timing of one \`verifyAndFix({ fix: false })\` per run in a warm process (${warmup} warm-up runs), median of ${runs} runs. Parse time includes scope analysis.`,
    '',
    mdTable(
      ['', 'median', 'runs (min-max)', 'share of parse'],
      [
        ['parse', fmtMs(parse), range(samples.map((s) => s.parse)), '100%'],
        ...OURS.map((r) => {
          const v = samples.map((s) => s.rules[r]);
          return [r, fmtMs(median(v)), range(v), fmtPct(median(v) / parse, false)];
        }),
        ['**our five rules**', `**${fmtMs(median(samples.map((s) => s.ours)))}**`, range(samples.map((s) => s.ours)), `**${fmtPct(ratio, false)}** (median of the per-run shares)`],
        ['whole lint (ESLint total)', fmtMs(median(samples.map((s) => s.total))), range(samples.map((s) => s.total)), ''],
      ],
    ),
  ].join('\n'),
  raw: { samples: samples.length, parse, ours, ratio, calls, reports },
});
