import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const REPO = join(import.meta.dirname, '../..');
export const CLI = join(REPO, 'dist/src/cli/main.js');

/**
 * A throwaway project folder as a user would have it: this package installed under node_modules
 * (a symlink to the repo, so the built dist/ is what runs) next to the tools it peers with.
 */
export function tempProject(files: Record<string, string> = {}): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tableau-rest-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO, join(dir, 'node_modules/eslint-plugin-tableau-rest'), 'dir');
  for (const peer of ['eslint', 'typescript', '@typescript-eslint', '@types', 'axios']) {
    mkdirSync(dirname(join(dir, 'node_modules', peer)), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', peer), join(dir, 'node_modules', peer), 'dir');
  }
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (or another command) as a child process and collects what a user would see. */
export function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; command?: string } = {}): Promise<Run> {
  const command = options.command ?? process.execPath;
  const argv = options.command ? args : [CLI, ...args];
  return new Promise((resolve) => {
    execFile(command, argv, { cwd: options.cwd, env: { ...process.env, TABLEAU_REST_DEBUG: '', ...options.env }, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
