// The real corpus: JavaScript sources of large installed packages, code no one here wrote.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from './paths.mjs';

/** Full run: about 1,000 files and 200k+ lines. */
export const REAL_DIRS = ['node_modules/eslint/lib', 'node_modules/@typescript-eslint/*/dist', 'node_modules/axios/lib', 'node_modules/vitest/dist'];
/** --quick: a small slice of the same kind of code. */
export const REAL_DIRS_QUICK = ['node_modules/axios/lib'];

function expand(pattern) {
  if (!pattern.includes('*')) return [pattern];
  const [before, after] = pattern.split('/*/');
  return readdirSync(join(ROOT, before))
    .sort()
    .map((name) => `${before}/${name}/${after}`)
    .filter((p) => existsSync(join(ROOT, p)));
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(c|m)?js$/.test(name)) yield path;
  }
}

const typeCache = new Map();
/** "module" or "commonjs", as Node decides it: the extension, else the nearest package.json "type". */
function sourceTypeOf(file) {
  if (file.endsWith('.mjs')) return 'module';
  if (file.endsWith('.cjs')) return 'commonjs';
  let dir = dirname(file);
  const seen = [];
  while (dir.startsWith(ROOT)) {
    if (typeCache.has(dir)) break;
    seen.push(dir);
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const type = JSON.parse(readFileSync(pkg, 'utf8')).type === 'module' ? 'module' : 'commonjs';
      for (const d of seen) typeCache.set(d, type);
      return type;
    }
    dir = dirname(dir);
  }
  const type = typeCache.get(dir) ?? 'commonjs';
  for (const d of seen) typeCache.set(d, type);
  return type;
}

/**
 * @param {{ quick?: boolean }} options
 * @returns {{ dirs: { dir: string, files: number, lines: number }[], files: { path: string, rel: string, text: string, lines: number, sourceType: string }[] }}
 */
export function loadRealCorpus({ quick = false } = {}) {
  const dirs = [];
  const files = [];
  for (const pattern of quick ? REAL_DIRS_QUICK : REAL_DIRS) {
    for (const dir of expand(pattern)) {
      let count = 0;
      let lines = 0;
      for (const path of sourceFiles(join(ROOT, dir))) {
        const text = readFileSync(path, 'utf8');
        const n = text.split('\n').length;
        files.push({ path, rel: relative(ROOT, path), text, lines: n, sourceType: sourceTypeOf(path) });
        count++;
        lines += n;
      }
      dirs.push({ dir, files: count, lines });
    }
  }
  return { dirs, files };
}

/** Installed version of a package, for the corpus description. */
export function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}
