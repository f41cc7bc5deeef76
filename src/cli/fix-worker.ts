/**
 * Runs the shipped codemod (dist/codemods/use-session-wrapper.cjs) on one file through jscodeshift's API, as
 * jscodeshift's own workers do, and returns everything `tableau-rest fix` counts. Loaded in-process for small runs and
 * in worker threads for large ones; it never writes a file (the parent does, atomically).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { PlanResult, ReviewSite } from '../codemod/use-session-wrapper.js';
import type { WrapperTarget } from '../session/index.js';
import type { mightCallTableau, normalizeSettings, preloadTypeScript } from '../recognizer/index.js';

export interface FixJob {
  id: number;
  path: string;
  source: string;
  /** Absolute path of the wrapper (--wrapper), or undefined for each project's own. */
  wrapper: string | undefined;
}

export interface FixJobResult {
  id: number;
  /** The new text, when it differs. */
  output?: string;
  rewritten: number;
  review: ReviewSite[];
  notes: string[];
  wrapper?: WrapperTarget;
  /** Why the codemod did not look at the file (the generated wrapper). */
  skipped?: string;
  /** The file could not be processed: it does not parse, or the codemod failed on it. */
  error?: { message: string; line?: number; parse: boolean };
}

interface TransformModule {
  applyToFile(file: { path: string; source: string }, api: unknown, options: Record<string, unknown>): { output: string | undefined; plan: PlanResult };
  mightCallTableau: typeof mightCallTableau;
  normalizeSettings: typeof normalizeSettings;
  preloadTypeScript: typeof preloadTypeScript;
}

/** What the parent sends a worker: a file to run, or word to load TypeScript before its first TypeScript file. */
export type FixWorkerMessage = FixJob | { preload: 'typescript' };

/** Where the built transform is: dist/codemods/, next to dist/src/. */
export const TRANSFORM_PATH = fileURLToPath(new URL('../../codemods/use-session-wrapper.cjs', import.meta.url));

/** Loads the built transform (once per thread: require caches it). Throws when it cannot load. */
export function loadTransformModule(): TransformModule {
  const transform = createRequire(import.meta.url)(TRANSFORM_PATH) as TransformModule;
  if (typeof transform.applyToFile !== 'function') throw new Error(`${TRANSFORM_PATH} does not export applyToFile`);
  return transform;
}

/**
 * Loads the transform once (which checks that jscodeshift's parsers are there); returns the per-file runner. Throws
 * when the transform cannot load. jscodeshift itself (recast, its printer) is loaded only if the transform asks for
 * `api.jscodeshift`, which it does not: it checks its output with jscodeshift's parser directly.
 */
export function loadRunner(): (job: FixJob) => FixJobResult {
  const require = createRequire(import.meta.url);
  const transform = loadTransformModule();
  let jscodeshift: unknown;
  const loadJscodeshift = () => (jscodeshift ??= require('jscodeshift') as unknown);
  const api = {
    get j() {
      return loadJscodeshift();
    },
    get jscodeshift() {
      return loadJscodeshift();
    },
    stats: () => undefined,
    report: () => undefined,
  };
  return (job) => {
    try {
      const { output, plan } = transform.applyToFile({ path: job.path, source: job.source }, api, { wrapper: job.wrapper, writeWrapper: false, dry: true });
      return {
        id: job.id,
        output: output !== undefined && output !== job.source ? output : undefined,
        rewritten: plan.rewritten,
        review: plan.review,
        notes: plan.notes,
        wrapper: plan.wrapper,
        skipped: plan.skipped,
      };
    } catch (error) {
      const cause = (error as { cause?: { lineNumber?: unknown; message?: unknown } }).cause;
      const parse = cause !== undefined && typeof cause.lineNumber === 'number';
      const message = String(parse ? cause.message : error instanceof Error ? error.message : error).split('\n')[0] ?? '';
      return {
        id: job.id,
        rewritten: 0,
        review: [],
        notes: [],
        error: { message: message.replace(`${job.path}: `, ''), line: parse ? (cause.lineNumber as number) : undefined, parse },
      };
    }
  };
}

if (parentPort && (workerData as { tableauRestFix?: boolean } | undefined)?.tableauRestFix) {
  const port = parentPort;
  const run = loadRunner();
  port.on('message', (message: FixWorkerMessage) => {
    if ('preload' in message) {
      try {
        loadTransformModule().preloadTypeScript();
      } catch {
        // The first TypeScript file loads it again, and reports what went wrong as that file's error.
      }
      return;
    }
    port.postMessage(run(message));
  });
}
