import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Why a file cannot be created in `folder`: it does not exist, or a part of it is a file; undefined when it is fine.
 * A missing folder is most likely a typo in a flag, so the CLI says so rather than create it.
 */
export function folderProblem(folder: string, show: (path: string) => string): string | undefined {
  for (let dir = folder; ; dir = dirname(dir)) {
    try {
      if (!statSync(dir).isDirectory()) return `${show(dir)} is a file, not a folder`;
      return dir === folder ? undefined : `the folder ${show(folder)} does not exist (create it first)`;
    } catch {
      if (dirname(dir) === dir) return `the folder ${show(folder)} does not exist (create it first)`;
    }
  }
}
