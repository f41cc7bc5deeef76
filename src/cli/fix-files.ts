/**
 * Which files `tableau-rest fix` looks at: inside a git repository, what git tracks or would track (so .gitignore is
 * respected); elsewhere, a walk of the folders. node_modules and build output are never touched.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { isPermissionError } from './fix-io.js';

export const DEFAULT_EXTENSIONS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'];

/** Folders that hold dependencies or build output, never source to rewrite. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.next', '.nuxt', '.output', '.svelte-kit', '.turbo', '.cache', '.git', 'bower_components', 'jspm_packages', 'vendor']);

export interface Candidate {
  /** Absolute path. */
  path: string;
  /** Named on the command line (not found by walking a folder). */
  explicit: boolean;
}

/** The top folder of the git work tree containing `cwd`, or undefined outside git (or without git). */
export function gitRoot(cwd: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The git work tree a path (file or folder) is in, or undefined. */
export function gitRootOf(path: string): string | undefined {
  let dir = path;
  try {
    if (!statSync(path).isDirectory()) dir = dirname(path);
  } catch {
    dir = dirname(path);
  }
  return gitRoot(dir);
}

/** Paths with uncommitted changes (modified, staged, untracked) under the given absolute paths of one work tree. */
export function dirtyPaths(root: string, paths: readonly string[]): string[] {
  const out = execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths.map((p) => relative(root, p) || '.')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const entries = out.split('\0').filter(Boolean);
  const dirty: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    dirty.push(resolve(root, entry.slice(3)));
    if (entry[0] === 'R' || entry[0] === 'C') i++; // the rename's source follows
  }
  return dirty;
}

export function isSourceFile(path: string, extensions: ReadonlySet<string>): boolean {
  const ext = extname(path).slice(1).toLowerCase();
  if (!extensions.has(ext)) return false;
  return !/\.d\.[cm]?ts$/i.test(path) && !/\.min\.[cm]?js$/i.test(path);
}

function inSkippedDir(path: string, base: string): boolean {
  return relative(base, path).split(sep).some((part) => SKIPPED_DIRS.has(part));
}

/**
 * The files to process under `paths` (existing ones; the caller reports missing paths): in a git work tree, what git
 * tracks or would track there; elsewhere, a walk.
 */
export function listFiles(cwd: string, paths: readonly string[], extensions: ReadonlySet<string>): { files: Candidate[]; unreadable: string[] } {
  const found = new Map<string, Candidate>();
  // Folders under the paths that could not be read: nothing under them was looked at, and the caller says so.
  const unreadable = new Set<string>();
  // A file's real path is its folder's plus its name unless the file is itself a link, so each folder is resolved
  // once (realpathSync of each file lstats every folder above it again).
  const realFolders = new Map<string, string>();
  const realPath = (path: string, link: boolean): string => {
    if (link) return realpathSync(path);
    const dir = dirname(path);
    let real = realFolders.get(dir);
    if (real === undefined) realFolders.set(dir, (real = realpathSync(dir)));
    return join(real, basename(path));
  };
  // Real paths whose entry is a link: the file itself, found later, takes the place. A link is skipped when read,
  // so keeping it processed the file under neither path.
  const heldByLink = new Set<string>();
  const add = (path: string, explicit: boolean, link: boolean) => {
    let key = path;
    try {
      key = realPath(path, link);
    } catch {
      // A dangling link: reported when read.
    }
    if (found.has(key) && (link || !heldByLink.has(key))) return;
    found.set(key, { path, explicit });
    if (link) heldByLink.add(key);
    else heldByLink.delete(key);
  };
  const folders: string[] = [];
  for (const p of paths) {
    const absolute = resolve(cwd, p);
    let isDir = false;
    let link = true;
    try {
      link = lstatSync(absolute).isSymbolicLink();
      isDir = statSync(absolute).isDirectory();
    } catch {
      // A dangling symbolic link named on the command line: readSource reports it.
    }
    if (!isDir) {
      add(absolute, true, link);
      continue;
    }
    folders.push(absolute);
  }
  for (const folder of folders) {
    const root = gitRoot(folder);
    if (root !== undefined) {
      const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', relative(root, folder) || '.'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, LC_ALL: 'C' },
      });
      if (listed.error) throw listed.error;
      if (listed.status !== 0) throw Object.assign(new Error(`git ls-files failed`), { stderr: listed.stderr });
      // git lists nothing under a folder it cannot open (untracked files there), and says so on stderr.
      for (const match of listed.stderr.matchAll(/could not open directory '(.+?)\/?': (?:Permission denied|Operation not permitted)/g)) {
        unreadable.add(resolve(root, match[1]!));
      }
      for (const rel of new Set(listed.stdout.split('\0').filter(Boolean))) {
        const absolute = resolve(root, rel);
        if (!isSourceFile(absolute, extensions) || inSkippedDir(absolute, absolute.startsWith(cwd + sep) ? cwd : folder)) continue;
        let link = false;
        try {
          const stat = lstatSync(absolute);
          link = stat.isSymbolicLink();
          if (!(link ? statSync(absolute) : stat).isFile()) continue; // deleted but still in the index, or a submodule
        } catch (error) {
          // A tracked file in a folder that may not be read or searched: name the folder.
          if (isPermissionError(error)) unreadable.add(closedFolder(dirname(absolute), folder));
          continue;
        }
        add(absolute, false, link);
      }
    } else {
      walk(folder, (file, link) => isSourceFile(file, extensions) && add(file, false, link), (dir) => unreadable.add(dir));
    }
  }
  const files = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, unreadable: [...unreadable].sort() };
}

/** The outermost folder from `top` down to `dir` that may not be read or searched (where access stops). */
function closedFolder(dir: string, top: string): string {
  const chain: string[] = [];
  for (let d = dir; d.startsWith(top); d = dirname(d)) {
    chain.unshift(d);
    if (d === top || dirname(d) === d) break;
  }
  for (const d of chain) {
    try {
      accessSync(d, constants.R_OK | constants.X_OK);
    } catch {
      return d;
    }
  }
  return dir;
}

function walk(dir: string, visit: (file: string, link: boolean) => void, unreadable: (dir: string) => void): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isPermissionError(error)) unreadable(dir);
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path, visit, unreadable);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      visit(path, entry.isSymbolicLink());
    }
  }
}
