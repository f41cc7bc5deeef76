// Timing ESLint in-process: the same files linted with several configurations, interleaved so that a slow
// moment of a shared machine hits every configuration alike.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Linter } from 'eslint';
import { cpuMs, gc, median } from './common.mjs';

const require = createRequire(import.meta.url);

let FlatConfigArray;
try {
  // ESLint normalises a plain config array on every verify() call (the ESLint class does it once per run);
  // normalising once here keeps that per-call cost out of the figures. Internal path: fall back if it moves.
  ({ FlatConfigArray } = require(join(dirname(require.resolve('eslint/package.json')), 'lib/config/flat-config-array.js')));
} catch {
  FlatConfigArray = undefined;
}

/** A config array normalised once, as the ESLint class does for a run. */
export function prepareConfig(configs) {
  if (!FlatConfigArray) return configs;
  const array = new FlatConfigArray(configs, { basePath: process.cwd() });
  array.normalizeSync();
  return array;
}

/**
 * Files are linted under a virtual path relative to the working directory (outside node_modules, so no default
 * ignore applies) whose extension tells ESLint the module system: `.cjs` for CommonJS, `.mjs` for ES modules.
 */
export function virtualName(file) {
  const rel = `corpus/${file.rel.replace(/^node_modules\//, '')}`;
  if (/\.[cm]?tsx?$/.test(rel)) return rel;
  return rel.replace(/\.[cm]?jsx?$/, file.sourceType === 'commonjs' ? '.cjs' : '.mjs');
}

/** Groups files into chunks of about `lines` lines: each configuration lints a whole chunk in turn. */
function chunk(files, lines) {
  const chunks = [];
  let current = [];
  let n = 0;
  for (const f of files) {
    current.push(f);
    n += f.lines;
    if (n >= lines) {
      chunks.push(current);
      current = [];
      n = 0;
    }
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/**
 * Lints `files` with each variant, `runs` times (plus one warm-up pass), interleaving chunks of about 2,000 lines
 * and rotating the order of variants from chunk to chunk. Each variant's time per run is the sum of its chunks'
 * process CPU time (and, for reference, wall time). `warmup: false` (--quick) skips the warm-up pass.
 * @param {{ path: string, rel: string, text: string, lines: number }[]} files
 * @param {{ name: string, config: unknown }[]} variants
 * @returns {{ cpu: Record<string, number[]>, wall: Record<string, number[]>, fatal: Record<string, number>, messages: Record<string, Record<string, number>> }}
 */
export function timeVariants(files, variants, { runs, chunkLines = 2000, warmup = true }) {
  const linter = new Linter({ configType: 'flat' });
  const chunks = chunk(files, chunkLines);
  const cpu = Object.fromEntries(variants.map((v) => [v.name, []]));
  const wall = Object.fromEntries(variants.map((v) => [v.name, []]));
  const fatal = Object.fromEntries(variants.map((v) => [v.name, 0]));
  const messages = Object.fromEntries(variants.map((v) => [v.name, {}]));
  for (let run = warmup ? -1 : 0; run < runs; run++) {
    const cpuSum = Object.fromEntries(variants.map((v) => [v.name, 0]));
    const wallSum = Object.fromEntries(variants.map((v) => [v.name, 0]));
    gc();
    chunks.forEach((files, c) => {
      for (let k = 0; k < variants.length; k++) {
        const v = variants[(c + k + Math.max(run, 0)) % variants.length];
        const c0 = cpuMs();
        const w0 = performance.now();
        for (const file of files) {
          const result = linter.verify(file.text, v.config, virtualName(file));
          if (run === (warmup ? -1 : 0)) {
            for (const m of result) {
              if (m.fatal) fatal[v.name]++;
              else if (m.ruleId) messages[v.name][m.ruleId] = (messages[v.name][m.ruleId] ?? 0) + 1;
            }
          }
        }
        wallSum[v.name] += performance.now() - w0;
        cpuSum[v.name] += cpuMs() - c0;
      }
    });
    if (run >= 0) {
      for (const v of variants) {
        cpu[v.name].push(cpuSum[v.name]);
        wall[v.name].push(wallSum[v.name]);
      }
    }
  }
  return { cpu, wall, fatal, messages };
}

/**
 * ESLint's own per-rule timing (`stats: true`, the data behind TIMING=1): parse time and each rule's time summed
 * over the files, median of `runs` passes; `group(file)` splits the files (e.g. by the pre-check) and each group
 * gets its parse time and the summed time of `sumRules`.
 * @returns {{ parse: number, rules: Record<string, number>, total: number, groups: Record<string, { files: number, lines: number, parse: number, rules: number }> }}
 */
export function eslintStats(files, config, { runs, group = () => 'all', sumRules = [], warmup = true }) {
  const linter = new Linter({ configType: 'flat' });
  const passes = [];
  const groups = files.map(group);
  for (let run = warmup ? -1 : 0; run < runs; run++) {
    const sum = { parse: 0, total: 0, rules: {}, groups: {} };
    files.forEach((file, i) => {
      linter.verifyAndFix(file.text, config, { filename: virtualName(file), fix: false, stats: true });
      const pass = linter.getTimes().passes[0];
      if (!pass) return;
      sum.parse += pass.parse?.total ?? 0;
      sum.total += pass.total ?? 0;
      for (const [rule, t] of Object.entries(pass.rules ?? {})) sum.rules[rule] = (sum.rules[rule] ?? 0) + t.total;
      // Per group of files: parse time and the summed time of `sumRules`.
      const g = (sum.groups[groups[i]] ??= { files: 0, lines: 0, parse: 0, rules: 0 });
      g.files++;
      g.lines += file.lines;
      g.parse += pass.parse?.total ?? 0;
      for (const r of sumRules) g.rules += pass.rules?.[r]?.total ?? 0;
    });
    if (run >= 0) passes.push(sum);
  }
  const ruleNames = Object.keys(passes[0]?.rules ?? {});
  const groupNames = Object.keys(passes[0]?.groups ?? {});
  return {
    parse: median(passes.map((p) => p.parse)),
    total: median(passes.map((p) => p.total)),
    rules: Object.fromEntries(ruleNames.map((r) => [r, median(passes.map((p) => p.rules[r] ?? 0))])),
    groups: Object.fromEntries(
      groupNames.map((g) => {
        const first = passes[0].groups[g];
        return [g, { files: first.files, lines: first.lines, parse: median(passes.map((p) => p.groups[g].parse)), rules: median(passes.map((p) => p.groups[g].rules)) }];
      }),
    ),
  };
}
