import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  name: string;
  version: string;
  /** The package's root folder (where package.json is). */
  root: string;
}

let cached: PackageInfo | undefined;

/**
 * This package's name, version and root, found by walking up from this module: the same code runs from
 * src/ (tests), dist/src/ (the built package) and dist/codemods/*.cjs (the bundled codemod).
 */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'eslint-plugin-tableau-rest') return (cached = { name: pkg.name, version: pkg.version ?? '0.0.0', root: dir });
    }
    if (dirname(dir) === dir) throw new Error('eslint-plugin-tableau-rest: cannot find its own package.json');
  }
}
