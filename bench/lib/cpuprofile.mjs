// Sums self time per function in a V8 .cpuprofile (what `node --cpu-prof` writes), so a profile can be read
// without DevTools: `node bench/lib/cpuprofile.mjs FILE.cpuprofile [--top N] [--filter TEXT] [--callers FUNCTION]`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @param {string} file a .cpuprofile path
 * @returns {{ totalMs: number, functions: { name: string, url: string, line: number, selfMs: number, share: number }[] }}
 */
export function summarizeProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  // Each sample is attributed the time until the next sample (the last one its own delta).
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = i + 1 < deltas.length ? deltas[i + 1] : deltas[i];
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
  }
  const totals = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const key = `${callFrame.functionName || '(anonymous)'}\u0000${callFrame.url}\u0000${callFrame.lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + us);
    totalUs += us;
  }
  const functions = [...totals]
    .map(([key, us]) => {
      const [name, url, line] = key.split('\u0000');
      return { name, url, line: Number(line), selfMs: us / 1000, share: us / totalUs };
    })
    .sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs: totalUs / 1000, functions, profile, byId, selfUs };
}

/**
 * Who calls `name` (by function name, and script URL when given: V8 and TypeScript have a `scan` too), with the self time of `name` attributed to each calling stack: a list of
 * `{ stack: 'caller <- caller's caller ...', selfMs }`, `depth` frames deep.
 */
export function callersOf(summary, name, depth = 3, url = undefined) {
  const parent = new Map();
  for (const n of summary.profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map();
  for (const [id, us] of summary.selfUs) {
    const node = summary.byId.get(id);
    if (node.callFrame.functionName !== name || (url !== undefined && node.callFrame.url !== url)) continue;
    const frames = [];
    let p = parent.get(id);
    while (p !== undefined && frames.length < depth) {
      const f = summary.byId.get(p).callFrame;
      frames.push(`${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`);
      p = parent.get(p);
    }
    const key = frames.join(' <- ');
    stacks.set(key, (stacks.get(key) ?? 0) + us);
  }
  return [...stacks].map(([stack, us]) => ({ stack, selfMs: us / 1000 })).sort((a, b) => b.selfMs - a.selfMs);
}

/** Self time per file (or per package under node_modules), for a coarser view. */
export function byModule(summary) {
  const map = new Map();
  for (const f of summary.functions) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
    const key = m ? m[1] : f.url.replace(/^file:\/\/.*?\/(dist|src|rules|bench)\//, '$1/') || '(native/gc)';
    map.set(key, (map.get(key) ?? 0) + f.selfMs);
  }
  return [...map].map(([module, selfMs]) => ({ module, selfMs, share: selfMs / summary.totalMs })).sort((a, b) => b.selfMs - a.selfMs);
}

export function formatSummary(summary, { top = 25, filter } = {}) {
  const rows = summary.functions.filter((f) => !filter || f.url.includes(filter) || f.name.includes(filter)).slice(0, top);
  const lines = [`total sampled: ${summary.totalMs.toFixed(0)} ms`, '', 'self ms   share  function (file:line)'];
  for (const f of rows) {
    const where = f.url ? `${f.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '~/')}:${f.line}` : '';
    lines.push(`${f.selfMs.toFixed(1).padStart(8)} ${(f.share * 100).toFixed(1).padStart(6)}%  ${f.name} ${where}`);
  }
  lines.push('', 'by module:');
  for (const m of byModule(summary).slice(0, 12)) lines.push(`${m.selfMs.toFixed(1).padStart(8)} ${(m.share * 100).toFixed(1).padStart(6)}%  ${m.module}`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: node bench/lib/cpuprofile.mjs FILE.cpuprofile [--top N] [--filter TEXT] [--callers FUNCTION]');
    process.exit(2);
  }
  const top = args.includes('--top') ? Number(args[args.indexOf('--top') + 1]) : 25;
  const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : undefined;
  const summary = summarizeProfile(file);
  if (args.includes('--callers')) {
    const name = args[args.indexOf('--callers') + 1];
    for (const c of callersOf(summary, name, 4).slice(0, top)) console.log(`${c.selfMs.toFixed(1).padStart(8)} ms  ${name} <- ${c.stack}`);
  } else {
    console.log(formatSummary(summary, { top, filter }));
  }
}
