// Where things are: the repository, the built package, and the generated corpora.
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(BENCH_DIR, '..');
/**
 * The build to measure: dist/, or another build given by $TABLEAU_REST_BENCH_DIST (a before/after comparison of a
 * change on the same machine; it must sit inside this repository so its imports resolve to node_modules).
 */
export const DIST = process.env.TABLEAU_REST_BENCH_DIST ? resolve(process.env.TABLEAU_REST_BENCH_DIST) : join(ROOT, 'dist');

/**
 * Generated corpora live outside the repository (default: $TMPDIR/eslint-plugin-tableau-rest-bench, or
 * $TABLEAU_REST_BENCH_CORPUS): inside it, the repository's tsconfig.json (include "bench") would type-check the
 * generated TypeScript, and `tableau-rest fix` would skip every file because bench/.corpus/ is gitignored.
 */
export const CORPUS_ROOT = process.env.TABLEAU_REST_BENCH_CORPUS || join(tmpdir(), 'eslint-plugin-tableau-rest-bench');

/** Scratch output that stays in the repository but out of git (profiles). */
export const SCRATCH = join(BENCH_DIR, '.corpus');

/** The built package's entry points (the benchmark measures what users install). */
export const dist = {
  plugin: join(DIST, 'src', 'index.js'),
  session: join(DIST, 'src', 'session', 'index.js'),
  simulator: join(DIST, 'src', 'simulator', 'index.js'),
  recognizer: join(DIST, 'src', 'recognizer', 'index.js'),
  cli: join(DIST, 'src', 'cli', 'main.js'),
};
