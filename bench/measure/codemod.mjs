// Measurement 3: codemod throughput. `tableau-rest fix --dry-run` over a generated corpus against jscodeshift
// running a no-op transform on the same files, at --cpus 1 and 2.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { emit, fmtInt, fmtMs, fmtX, median, mdTable, parseArgs, passMiss, range, pairedColumns } from '../lib/common.mjs';
import { loadRealCorpus } from '../lib/corpus-real.mjs';
import { codemodCorpus } from '../lib/generate.mjs';
import { BENCH_DIR, CORPUS_ROOT, ROOT, dist } from '../lib/paths.mjs';

const options = parseArgs();
const runs = options.runs ?? (options.quick ? 1 : 3);
// The issue's corpus (2,000 files), and a repository of the size a codemod is run on (tens of thousands of files),
// where what a file costs outweighs what starting costs (loading TypeScript, cold parsers): full runs only.
const SIZES = options.quick ? [200] : [2000, 20000];
const CPUS = [1, 2];
const JSCODESHIFT = join(ROOT, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const EXTENSIONS = 'js,jsx,mjs,cjs,ts,tsx';

const real = loadRealCorpus({ quick: false }).files;
const corpora = SIZES.map((files) => {
  const dir = join(CORPUS_ROOT, `codemod-${files}`);
  const manifest = codemodCorpus(dir, { files, seed: 3, tableauShare: 0.1, realFiles: real.map(({ path, sourceType }) => ({ path, sourceType })) });
  const tableauFiles = manifest.files.filter((f) => f.tableau);
  return {
    files,
    dir,
    lines: manifest.files.reduce((s, f) => s + f.lines, 0),
    tableauFiles: tableauFiles.length,
    tableauLines: tableauFiles.reduce((s, f) => s + f.lines, 0),
  };
});

/** `tableau-rest fix` is there when its --help documents --dry-run (the placeholder verb does not). */
function codemodAvailable() {
  const help = spawnSync(process.execPath, [dist.cli, 'fix', '--help'], { encoding: 'utf8' });
  return help.status === 0 && help.stdout.includes('--dry-run');
}

const commands = {
  fix: (dir, cpus) => [dist.cli, 'fix', dir, '--dry-run', '--cpus', String(cpus), '--force'],
  noop: (dir, cpus) => [JSCODESHIFT, '-t', join(BENCH_DIR, 'transforms', 'noop.cjs'), '--dry', '--silent', '--no-babel', `--cpus=${cpus}`, `--extensions=${EXTENSIONS}`, dir],
  parse: (dir, cpus) => [JSCODESHIFT, '-t', join(BENCH_DIR, 'transforms', 'parse-print.cjs'), '--dry', '--silent', '--no-babel', `--cpus=${cpus}`, `--extensions=${EXTENSIONS}`, dir],
};

/** Runs one command to completion in `dir`; wall time, exit code, and the tail of its output (for the summary). */
function run(dir, args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let tail = '';
    const keep = (chunk) => {
      bytes += chunk.length;
      tail = (tail + chunk.toString()).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => resolve({ ms: performance.now() - t0, code, bytes, tail }));
  });
}

const available = codemodAvailable();
const times = {};
const last = {};
for (const corpus of corpora) {
  // The parse-and-print reference takes seconds per run (minutes on the large corpus): full runs, issue's corpus only.
  const names = [...(available ? ['fix'] : []), 'noop', ...(options.quick || corpus.files !== SIZES[0] ? [] : ['parse'])];
  for (const cpus of CPUS) {
    for (const name of names) times[`${name}@${cpus}@${corpus.files}`] = [];
    // One warm-up (file system cache), then interleaved runs.
    await run(corpus.dir, commands.noop(corpus.dir, cpus));
    for (let r = 0; r < runs; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r) % names.length];
        const result = await run(corpus.dir, commands[name](corpus.dir, cpus));
        if (name === 'fix' && result.code !== 0 && result.code !== 1) throw new Error(`tableau-rest fix exited with ${result.code}:\n${result.tail}`);
        if (name !== 'fix' && result.code !== 0) throw new Error(`jscodeshift (${name}) exited with ${result.code}:\n${result.tail}`);
        times[`${name}@${cpus}@${corpus.files}`].push(result.ms);
        last[`${name}@${cpus}@${corpus.files}`] = result;
      }
    }
  }
}

const med = (key) => median(times[key]);
const rows = [];
for (const { files } of corpora) {
  for (const cpus of CPUS) {
    const key = (name) => `${name}@${cpus}@${files}`;
    if (available) {
      const ratio = median(times[key('fix')].map((t, i) => t / times[key('noop')][i]));
      const col = pairedColumns(ratio, times[key('noop')]);
      rows.push({
        id: 3,
        what: `Codemod: tableau-rest fix --dry-run vs jscodeshift no-op transform, ${fmtInt(files)} files, --cpus ${cpus}`,
        ours: fmtMs(col.ours),
        baseline: fmtMs(col.baseline),
        ratio: fmtX(ratio),
        goal: '<= 1.5x',
        result: passMiss(ratio <= 1.5),
      });
    } else {
      rows.push({
        id: 3,
        what: `Codemod: codemod not available yet (tableau-rest fix); jscodeshift no-op transform measured alone, ${fmtInt(files)} files, --cpus ${cpus}`,
        ours: 'n/a',
        baseline: fmtMs(med(key('noop'))),
        ratio: 'n/a',
        goal: '<= 1.5x',
        result: 'n/a',
      });
    }
  }
  const scaled = available ? 'fix' : 'noop';
  // Run i at --cpus 2 over run i at --cpus 1 (below 1x: --cpus 2 is faster; the speed-up is its inverse).
  const scaling = median(times[`${scaled}@2@${files}`].map((t, i) => t / times[`${scaled}@1@${files}`][i]));
  const scaleCol = pairedColumns(scaling, times[`${scaled}@1@${files}`]);
  rows.push({
    id: 3,
    what: `Codemod: scaling of ${available ? 'tableau-rest fix' : 'the jscodeshift no-op'}, ${fmtInt(files)} files, wall time at --cpus 2 vs --cpus 1 (below 1x: faster with 2; speed-up ${fmtX(1 / scaling)})`,
    ours: fmtMs(scaleCol.ours),
    baseline: fmtMs(scaleCol.baseline),
    ratio: fmtX(scaling),
    goal: '',
    result: 'info',
  });
}

const describeCorpus = (c) =>
  `${fmtInt(c.files)} files, ${fmtInt(c.lines)} lines (seed 3, \`${c.dir}\`, not a git repository): ${fmtInt(c.tableauFiles)} generated Tableau modules (${fmtInt(c.tableauLines)} lines; ES modules .mjs, CommonJS .cjs and TypeScript .ts, 1-3 Tableau client blocks and 0-3 plain blocks each) and ${fmtInt(c.files - c.tableauFiles)} real files copied from the lint corpus's installed packages (cycled in a seeded order; .mjs or .cjs by their module system)`;
const first = corpora[0].files;
emit(options, {
  id: 3,
  title: 'Codemod throughput',
  rows,
  corpus: `Codemod corpora: ${corpora.map(describeCorpus).join('; and ')}.`,
  details: [
    available
      ? `Commands: \`tableau-rest fix DIR --dry-run --cpus N --force\` (the built CLI; its diff goes to a pipe) and \`jscodeshift -t bench/transforms/noop.cjs --dry --silent --no-babel --cpus=N --extensions=${EXTENSIONS} DIR\`; for reference, the same with bench/transforms/parse-print.cjs (parse with ts/tsx and print back).`
      : `**codemod not available yet**: \`tableau-rest fix --help\` does not document \`--dry-run\` in this build, so only the baselines were run: \`jscodeshift -t bench/transforms/noop.cjs --dry --silent --no-babel --cpus=N --extensions=${EXTENSIONS} DIR\` and (full runs) the parse-print reference transform.`,
    `Wall time of the whole process, median of ${runs} run(s) per command after a warm-up run, commands interleaved${corpora.length > 1 ? '; the parse-and-print reference on the first corpus only' : ''}.`,
    '',
    mdTable(
      ['command', 'files', '--cpus', 'wall time, median', 'runs (min-max)', 'files/s'],
      Object.keys(times).map((key) => {
        const [name, cpus, files] = key.split('@');
        const label = name === 'fix' ? 'tableau-rest fix --dry-run' : name === 'noop' ? 'jscodeshift, no-op transform' : 'jscodeshift, parse and print';
        return [label, fmtInt(Number(files)), cpus, fmtMs(med(key)), range(times[key]), fmtInt(Number(files) / (med(key) / 1000))];
      }),
    ),
    available && last[`fix@1@${first}`] ? `\nEnd of \`tableau-rest fix\` output (${fmtInt(first)} files, --cpus 1):\n\n\`\`\`\n${last[`fix@1@${first}`].tail.trim().split('\n').slice(-8).join('\n')}\n\`\`\`` : '',
  ].join('\n'),
  raw: { available, times },
});
