// Shared by the measurement scripts: options, statistics, formatting and the result hand-off to run.mjs.
import { writeFileSync } from 'node:fs';

/** Options every measurement script takes: --quick, --runs N, --out FILE (JSON result for run.mjs). */
export function parseArgs(argv = process.argv.slice(2)) {
  const options = { quick: false, runs: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') options.quick = true;
    else if (a === '--runs') options.runs = Number(argv[++i]);
    else if (a === '--out') options.out = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return options;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Spread of the runs, for the details: min-max. */
export function range(values) {
  return `${fmtMs(Math.min(...values))}-${fmtMs(Math.max(...values))}`;
}

export const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);
export const fmtPct = (ratio, signed = true) => `${signed && ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;
export const fmtX = (ratio) => `${ratio.toFixed(2)}x`;
export const fmtInt = (n) => Math.round(n).toLocaleString('en-US');

/** Process CPU time (user + system, all threads) in ms: less disturbed than wall time on a shared machine. */
export function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export const gc = () => globalThis.gc?.();

/**
 * A measurement's result: `rows` go into the summary table (each with a ratio), `details` (markdown) into
 * results.md, `corpus` describes what was measured.
 * @typedef {{ id: number, what: string, ours: string, baseline: string, ratio: string, goal: string, result: 'PASS' | 'MISS' | 'info' | 'n/a' }} Row
 * @typedef {{ id: number, title: string, rows: Row[], corpus: string, details: string, raw?: unknown }} Result
 */

/** Hands the result to run.mjs (--out) or prints it. */
export function emit(options, result) {
  if (options.out) writeFileSync(options.out, JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
}

export const passMiss = (ok) => (ok ? 'PASS' : 'MISS');

/** A markdown table from a header and rows of cells. */
export function mdTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The q-quantile (0..1) of the values, interpolated between the nearest ranks. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The summary columns of a ratio of paired runs (`ratio`, the median of the per-run ratios ours_i / baseline_i): the
 * baseline column is the median of `baselines`, the ours column that median times the ratio, so that ours/baseline
 * is the printed ratio. (Medians of ours and of the baseline taken apart come from different runs: they need not
 * agree with the ratio, and a difference of two medians can even have the other sign.)
 */
export function pairedColumns(ratio, baselines) {
  const baseline = median(baselines);
  return { ours: ratio * baseline, baseline };
}
