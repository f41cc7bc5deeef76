/**
 * Which generated wrapper file a rewritten source file imports. Shared by the transform (which writes the import)
 * and `tableau-rest fix` (which generates each wrapper once), so both make the same choice.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { resolveWrapperTarget, type WrapperTarget } from '../session/index.js';

const byProject = new Map<string, WrapperTarget>();

/**
 * With `wrapper` (a path, relative to `cwd`): that file for every source file. Without it: the wrapper of the
 * project the file belongs to (the nearest folder above it with a package.json, else `cwd`, or the file's folder
 * when it is outside `cwd`), where `init` would
 * put it. So each package of a monorepo, or each app under examples/, gets its own wrapper in its own module system.
 */
export function wrapperTargetFor(filePath: string, wrapper: string | undefined, cwd: string): WrapperTarget {
  if (wrapper !== undefined && wrapper !== '') {
    const key = `wrapper\n${resolve(cwd, wrapper)}`;
    let target = byProject.get(key);
    if (!target) byProject.set(key, (target = resolveWrapperTarget(cwd, wrapper)));
    return target;
  }
  const absolute = resolve(cwd, filePath);
  // No package.json above the file: the working directory when the file is under it, else the file's own folder.
  const project = projectDirOf(absolute) ?? (absolute.startsWith(resolve(cwd) + sep) ? resolve(cwd) : dirname(absolute));
  let target = byProject.get(project);
  if (!target) byProject.set(project, (target = resolveWrapperTarget(project)));
  return target;
}

/** The nearest folder at or above the file's folder that has a package.json (outside node_modules). */
export function projectDirOf(filePath: string): string | undefined {
  let dir = dirname(filePath);
  for (;;) {
    if (!dir.split(/[\\/]/).includes('node_modules') && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Forget cached choices (a long-lived process whose files changed; tests). */
export function clearWrapperTargets(): void {
  byProject.clear();
}
