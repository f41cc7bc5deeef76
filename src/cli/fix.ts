import { availableParallelism } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { existsSync, lstatSync } from 'node:fs';
import { parseInteger, parseVerbArgs } from './args.js';
import { unifiedDiff } from './diff.js';
import { EXIT, UsageError } from './errors.js';
import { folderProblem } from './paths.js';
import { DEFAULT_EXTENSIONS, dirtyPaths, gitRootOf, isSourceFile, listFiles, type Candidate } from './fix-files.js';

const ALL_EXTENSIONS = new Set(DEFAULT_EXTENSIONS);
import { describeFileError, readSource, removePendingTemporaries, writeAtomically, type SourceText } from './fix-io.js';
import { loadRunner, loadTransformModule, TRANSFORM_PATH, type FixJob, type FixJobResult, type FixWorkerMessage } from './fix-worker.js';
import type { Verb } from './verb.js';
import { checkWrapper, resolveWrapperTarget, writeWrapper, WrapperTargetError, type WrapperTarget } from '../session/index.js';

const usage = `Usage: tableau-rest fix [paths...] [options]

Rewrites legacy Tableau REST calls onto the generated session wrapper (default path: .), so they survive the
end of a Tableau session: fetch-style calls go through session.fetch, axios instances get attachToAxios. Calls
it cannot move safely are left as they are and listed for review, with the reason.

Options:
  --dry-run          print a unified diff of every change; write nothing (not even the wrapper)
  --print            print each rewritten file to standard output (with --dry-run: instead of the diff)
  --wrapper PATH     the session wrapper the rewritten files import, created if missing (the file
                     tableau-rest init --out writes; its folder must exist); default: each project's own (nearest package.json),
                     where init would put it
  --cpus N           worker threads (default: one less than the number of cores, at least 1)
  --force            run even when the git working tree has uncommitted changes under the paths
  --extensions LIST  comma-separated file extensions (default: ${DEFAULT_EXTENSIONS.join(',')})
  --help, --version

Inside a git repository it follows .gitignore (git ls-files) and refuses a tree with uncommitted changes unless
--force. It never looks into node_modules or build output (dist, build, coverage, ...). Each write is atomic
(temporary file, then rename) and keeps the file's mode, line endings, byte-order mark and encoding; output that
does not parse is never written.

Exit codes: 0 done (files changed or not), 1 some files failed (could not be read, do not parse, or could not
be rewritten) or a folder could not be read, 2 usage error, a path that does not exist or a dirty tree, 3 internal error, 130 interrupted.`;

interface Options {
  dryRun: boolean;
  print: boolean;
  force: boolean;
  wrapper: string | undefined;
  cpus: number;
  extensions: Set<string>;
}

interface Counts {
  changed: number;
  unchanged: number;
  skipped: Array<{ path: string; reason: string }>;
  failed: Array<{ path: string; reason: string }>;
  rewritten: number;
  review: string[];
  notes: Set<string>;
  wrappers: string[];
}

export const fixVerb: Verb = {
  name: 'fix',
  summary: 'rewrite legacy Tableau calls onto the generated session wrapper (codemod)',
  usage,
  async run(argv) {
    const { options, positionals } = parseOptions(argv);
    const cwd = process.cwd();
    const show = (path: string): string => relative(cwd, path) || path;
    const requested = positionals.length > 0 ? positionals : ['.'];

    // Paths that do not exist are named and skipped; the others are still processed.
    let badInput = false;
    const paths = requested.filter((p) => {
      try {
        lstatSync(resolve(cwd, p));
        return true;
      } catch {
        console.error(`tableau-rest fix: ${p}: no such file or directory`);
        badInput = true;
        return false;
      }
    });
    if (paths.length === 0) return EXIT.usage;

    // The wrapper named by --wrapper must be a file the generator can write.
    let wrapperPath: string | undefined;
    if (options.wrapper !== undefined) {
      try {
        wrapperPath = resolveWrapperTarget(cwd, options.wrapper).path;
      } catch (error) {
        if (error instanceof WrapperTargetError) throw new UsageError(`fix: ${error.message}`);
        throw error;
      }
      // As init --out: a missing folder (or one through a file) is most likely a typo; say so before changing anything.
      const problem = folderProblem(dirname(wrapperPath), show);
      if (problem !== undefined) throw new UsageError(`fix: cannot write the session wrapper to ${options.wrapper}: ${problem}`);
    }

    // Git: the guard that lets a rewrite be reviewed and undone (per work tree, when the paths span several).
    const byRoot = new Map<string, string[]>();
    const unguarded: string[] = [];
    for (const p of paths) {
      const absolute = resolve(cwd, p);
      const root = gitRootOf(absolute);
      if (root === undefined) unguarded.push(p);
      else byRoot.set(root, [...(byRoot.get(root) ?? []), absolute]);
    }
    if (unguarded.length > 0) {
      const where = unguarded.length === 1 && unguarded[0] === '.' ? cwd : unguarded.join(', ');
      console.error(`tableau-rest fix: note: ${where} is not in a git repository, so nothing can undo these rewrites; ${options.dryRun ? 'this is a dry run' : 'run with --dry-run first, or keep a copy'}.`);
    }
    if (!options.force && !options.dryRun) {
      const dirty = [...byRoot].flatMap(([root, under]) => gitOrUsage(() => dirtyPaths(root, under)));
      if (dirty.length > 0) {
        const shown = dirty.slice(0, 3).map(show).join(', ') + (dirty.length > 3 ? `, and ${dirty.length - 3} more` : '');
        throw new UsageError(
          `fix: the git working tree has uncommitted changes (${shown}); commit or stash them first, so that the rewrite can be reviewed and undone with git, or pass --force`,
        );
      }
    }

    const listed = gitOrUsage(() => listFiles(cwd, paths, options.extensions));
    const candidates = listed.files.filter((c) => c.path !== wrapperPath);
    const counts: Counts = { changed: 0, unchanged: 0, skipped: [], failed: [], rewritten: 0, review: [], notes: new Set(), wrappers: [] };
    // A folder that cannot be read counts as failed: the files under it were not looked at, so the run is incomplete.
    for (const folder of listed.unreadable) counts.failed.push({ path: folder, reason: 'cannot read this folder (permission denied); no file under it was processed' });
    const out = options.dryRun || options.print ? process.stderr : process.stdout;

    const interrupted = await processFiles(candidates, options, wrapperPath, counts, show);

    // Summary: details first, the counts last.
    const lines: string[] = [];
    if (counts.review.length > 0) lines.push(`Left for review (${counts.review.length}):`, ...counts.review.map((r) => `  ${r}`));
    if (counts.skipped.length > 0) lines.push(`Skipped (${counts.skipped.length}):`, ...counts.skipped.map((s) => `  ${show(s.path)}: ${s.reason}`));
    if (counts.failed.length > 0) lines.push(`Failed (${counts.failed.length}):`, ...counts.failed.map((f) => `  ${show(f.path)}: ${f.reason}`));
    for (const w of counts.wrappers) lines.push(w);
    for (const note of counts.notes) lines.push(`Note: ${note}`);
    if (interrupted) lines.push(`Interrupted: ${interrupted} files were not processed; every file is either as it was or fully rewritten.`);
    const verb = options.dryRun ? 'would change' : 'changed';
    lines.push(
      `Files: ${counts.changed} ${verb}, ${counts.unchanged} unchanged, ${counts.skipped.length} skipped, ${counts.failed.length} failed. ` +
        `Call sites rewritten: ${counts.rewritten}. Sites left for review: ${counts.review.length}.`,
    );
    out.write(`${lines.join('\n')}\n`);

    if (interrupted) return 130;
    if (badInput) return EXIT.usage;
    if (counts.failed.length > 0) return EXIT.findings;
    return EXIT.ok;
  },
};

const OPTION_SPEC = {
  'dry-run': { type: 'boolean' },
  print: { type: 'boolean' },
  wrapper: { type: 'string' },
  cpus: { type: 'string' },
  force: { type: 'boolean' },
  extensions: { type: 'string' },
} as const;

function parseOptions(argv: string[]): { options: Options; positionals: string[] } {
  const { values, positionals } = parseVerbArgs('fix', { args: argv, allowPositionals: true, options: OPTION_SPEC });
  const extensions = new Set<string>();
  if (values.extensions !== undefined) {
    for (const raw of values.extensions.split(',')) {
      const ext = raw.trim().replace(/^\*?\./, '').toLowerCase();
      if (ext === '') continue;
      if (!DEFAULT_EXTENSIONS.includes(ext)) {
        throw new UsageError(`fix: --extensions: "${raw.trim()}" is not a JavaScript or TypeScript extension; expected some of ${DEFAULT_EXTENSIONS.join(',')}`);
      }
      extensions.add(ext);
    }
    if (extensions.size === 0) throw new UsageError(`fix: --extensions needs at least one of ${DEFAULT_EXTENSIONS.join(',')}`);
  } else {
    for (const ext of DEFAULT_EXTENSIONS) extensions.add(ext);
  }
  if (values.wrapper !== undefined && values.wrapper.trim() === '') throw new UsageError('fix: --wrapper needs a file name, such as src/tableau-session.ts');
  const cpus = values.cpus === undefined ? Math.max(1, availableParallelism() - 1) : parseInteger('--cpus', values.cpus, { min: 1, max: 64 });
  return {
    options: { dryRun: values['dry-run'] === true, print: values.print === true, force: values.force === true, wrapper: values.wrapper, cpus, extensions },
    positionals,
  };
}

/** Files per worker below which a worker thread costs more (loading the parsers) than it saves. */
const FILES_PER_WORKER = 40;

/**
 * Files read between two yields of the pass to the event loop, when workers run: about 3 ms of reading (20,000
 * files a second), short next to a Tableau file's 3-5 ms in a worker, so a worker waits little for its next file.
 */
const YIELD_EVERY = 64;

/**
 * Runs the codemod over the files and applies the results in file order (writes, diff, print). Returns the number
 * of files left unprocessed by an interrupt (0 when it ran to the end).
 */
async function processFiles(candidates: Candidate[], options: Options, wrapper: string | undefined, counts: Counts, show: (p: string) => string): Promise<number> {
  const sources = new Map<number, SourceText>();
  const paths = new Map<number, string>();
  candidates.forEach((c, id) => paths.set(id, c.path));

  let interrupted = false;
  let wake: () => void = () => undefined;
  // Settles on the first interrupt, so that a wait for results ends there.
  const interruption = new Promise<void>((resolveInterrupt) => (wake = resolveInterrupt));
  const onSignal = () => {
    interrupted = true;
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // One pass reads every file once and keeps only those the recogniser's cheap text pre-check lets through (a file
  // that never mentions X-Tableau-Auth, /api/, a sign-in or a PAT cannot call Tableau): the others are unchanged
  // without being parsed or sent to a worker. The pre-check comes from the transform's bundle, which runs the files
  // anyway (one copy of the recogniser loaded).
  const { mightCallTableau, normalizeSettings } = loadTransform(loadTransformModule);
  const settings = normalizeSettings(undefined);
  // With files enough for a pool, worker threads start before the pass and take the files that go on as the pass
  // finds them (it yields now and then, so that a worker that finished gets its next file), one more worker for each
  // FILES_PER_WORKER of them; the first one loads TypeScript as soon as a TypeScript file goes on. Otherwise the
  // files run on this thread after the pass.
  const mostWorkers = Math.min(options.cpus, Math.ceil(candidates.length / FILES_PER_WORKER));
  const workerPool = mostWorkers > 1 ? new WorkerPool(mostWorkers) : undefined;
  const todo: number[] = [];
  const ensured = new Map<string, string | undefined>(); // wrapper path -> error, once per run
  const results = new Map<number, FixJobResult & { notRead?: string }>();
  let next = 0;
  let processed = 0;

  const apply = (id: number, result: FixJobResult & { notRead?: string }) => {
    const path = paths.get(id)!;
    const source = sources.get(id);
    sources.delete(id);
    processed++;
    for (const site of result.review) counts.review.push(`${show(path)}:${site.line}:${site.column}: ${site.reason}`);
    if (result.error) {
      const where = result.error.line !== undefined ? ` (line ${result.error.line})` : '';
      const reason = result.error.parse ? `does not parse${where}: ${result.error.message}` : source ? `the codemod failed on it: ${result.error.message}` : result.error.message;
      counts.failed.push({ path, reason });
      return;
    }
    if (result.notRead) {
      counts.skipped.push({ path, reason: result.notRead });
      return;
    }
    if (result.skipped) {
      // The generated wrapper itself: not a file to rewrite, and nothing to report.
      counts.unchanged++;
      return;
    }
    if (result.output === undefined || !source) {
      counts.unchanged++;
      return;
    }
    if (options.dryRun) {
      if (options.print) process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
      else process.stdout.write(unifiedDiff(source.text.replace(/^\uFEFF/, ''), result.output.replace(/^\uFEFF/, ''), `a/${show(path)}`, `b/${show(path)}`));
      if (result.wrapper && !ensured.has(result.wrapper.path)) {
        ensured.set(result.wrapper.path, undefined);
        if (checkWrapper(result.wrapper).state === 'missing') counts.wrappers.push(`Would create ${show(result.wrapper.path)} (the session wrapper).`);
      }
    } else {
      // The wrapper first, so that no rewritten file ever imports a module that is not there.
      if (result.wrapper) {
        const problem = ensureWrapper(result.wrapper, ensured, counts, show);
        if (problem) {
          counts.failed.push({ path, reason: `not rewritten: ${problem}` });
          return;
        }
      }
      try {
        writeAtomically(path, result.output, source);
      } catch (error) {
        counts.failed.push({ path, reason: `could not be written: ${describeFileError(error)}` });
        return;
      }
      if (options.print) process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    }
    counts.changed++;
    counts.rewritten += result.rewritten;
    for (const note of result.notes) counts.notes.add(note);
  };

  // Results are applied in file order, so the diff and the summary do not depend on thread timing.
  const drain = () => {
    while (results.has(next)) {
      const result = results.get(next)!;
      results.delete(next);
      apply(next, result);
      next++;
    }
  };

  const inFlight = new Set<Promise<void>>();
  const submit = (runner: Runner, id: number) => {
    const task = runner.run({ id, path: candidates[id]!.path, source: sources.get(id)!.text, wrapper }).then((result) => {
      results.set(id, result);
      if (!interrupted) drain();
    });
    inFlight.add(task);
    // Not task.finally(): its copy of a rejection (a worker that died) would go unhandled and end the process
    // before the error reaches the summary.
    const settled = () => void inFlight.delete(task);
    task.then(settled, settled);
  };

  try {
    for (let id = 0; id < candidates.length && !interrupted; id++) {
      const candidate = candidates[id]!;
      if (candidate.explicit && !isSourceFile(candidate.path, ALL_EXTENSIONS)) {
        results.set(id, { id, rewritten: 0, review: [], notes: [], notRead: `not a JavaScript or TypeScript file (${DEFAULT_EXTENSIONS.join(', ')})` });
        continue;
      }
      const read = readSource(candidate.path);
      if (!read.ok) {
        results.set(id, read.kind === 'skipped' ? { id, rewritten: 0, review: [], notes: [], notRead: read.reason } : { id, rewritten: 0, review: [], notes: [], error: { message: read.reason, parse: false } });
      } else if (!mightCallTableau(read.source.text, settings)) {
        results.set(id, { id, rewritten: 0, review: [], notes: [] });
      } else {
        todo.push(id);
        sources.set(id, read.source); // read once: the files that go on are not read again
        if (workerPool) {
          workerPool.activate(Math.ceil(todo.length / FILES_PER_WORKER));
          if (TYPESCRIPT_FILE.test(candidate.path)) workerPool.preloadTypeScript();
          submit(workerPool, id);
        }
      }
      if (workerPool && id % YIELD_EVERY === YIELD_EVERY - 1) {
        drain();
        await new Promise((resolveTick) => setImmediate(resolveTick));
      }
    }
    drain();
    // Workers the files did not need stop now. Without workers, the files that went on run here, one at a time.
    workerPool?.shrink();
    if (!workerPool) {
      const inline = new InlineRunner();
      for (const id of todo) {
        if (interrupted) break;
        submit(inline, id);
        await Promise.race([...inFlight, interruption]);
      }
    }
    if (!interrupted) await Promise.race([Promise.all(inFlight), interruption]);
    if (!interrupted) drain();
  } finally {
    await workerPool?.stop();
    removePendingTemporaries();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return interrupted ? Math.max(1, candidates.length - processed) : 0;
}

/** Creates the wrapper the first time a rewritten file needs it. Returns a problem, or undefined when it is there. */
function ensureWrapper(target: WrapperTarget, ensured: Map<string, string | undefined>, counts: Counts, show: (p: string) => string): string | undefined {
  if (ensured.has(target.path)) return ensured.get(target.path);
  let problem: string | undefined;
  try {
    const check = checkWrapper(target);
    if (check.state === 'missing') {
      writeWrapper(target);
      counts.wrappers.push(`Created ${show(target.path)} (the session wrapper, ${target.language === 'ts' ? 'TypeScript' : target.module === 'esm' ? 'ES module' : 'CommonJS'}).`);
    } else if (check.state === 'outdated') {
      counts.wrappers.push(`${show(target.path)} ${check.detail}.`);
    }
  } catch (error) {
    problem = `the session wrapper ${show(target.path)} could not be created: ${error instanceof WrapperTargetError ? error.message : describeFileError(error)}`;
  }
  ensured.set(target.path, problem);
  return problem;
}

interface Runner {
  run(job: FixJob): Promise<FixJobResult>;
}

/** Files on this thread, yielding before each so that an interrupt is noticed. */
class InlineRunner implements Runner {
  private readonly runner = loadTransform(loadRunner);

  async run(job: FixJob): Promise<FixJobResult> {
    await new Promise((resolveTick) => setImmediate(resolveTick));
    return this.runner(job);
  }
}

/** A TypeScript file by its extension: the files that load TypeScript (about 0.5 s) in the thread that reads them. */
const TYPESCRIPT_FILE = /\.[cm]?tsx?$/i;

/**
 * Queued TypeScript files above which a worker that has not loaded TypeScript yet takes one anyway: below it, the
 * workers that have it finish them sooner than another worker could load it. A worker that joins loads TypeScript
 * (0.5-0.75 s in a worker thread next to busy ones, measured on two cores) before its first file is done, about as
 * long as 16-20 TypeScript files take where it is loaded, and only the files left after that are shared: at 16 it
 * took one of the last files and finished after the others (+0.2 s in one run of three on the bench corpus).
 */
const TYPESCRIPT_SHARE_FROM = 32;

interface PoolWorker {
  worker: Worker;
  /** Takes TypeScript files: the first worker, and any that has taken one (TypeScript is loaded there). */
  typescript: boolean;
  current?: { resolve: (result: FixJobResult) => void; reject: (error: Error) => void };
  dead?: boolean;
}

type QueuedJob = { job: FixJob; resolve: (result: FixJobResult) => void; reject: (error: Error) => void };

/**
 * Worker threads, each running one file at a time. The pool queues every job itself (capacity unbounded: the sources
 * are in memory already) so that it can choose who takes what: TypeScript files go to the first worker (and to others
 * only while many are left), so that a worker that only ever sees JavaScript never loads TypeScript. Which thread ran
 * a file does not change its result; results are applied in file order.
 */
class WorkerPool implements Runner {
  private readonly workers: PoolWorker[] = [];
  private readonly typescriptJobs: QueuedJob[] = [];
  private readonly javascriptJobs: QueuedJob[] = [];
  private typescriptAsked = false;
  /** How many workers (the first ones) take jobs. */
  private active = 0;

  /** Starts the workers at once: they load the codemod while the caller goes on. */
  constructor(size: number) {
    // Fail early (exit 3) when the runner cannot load, instead of counting every file as failed in the workers. The
    // transform (which loads jscodeshift's parser table) was loaded for the pre-check already, so this costs nothing.
    loadTransform(loadRunner);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./fix-worker.js', import.meta.url), { workerData: { tableauRestFix: true } });
      worker.unref();
      const entry: PoolWorker = { worker, typescript: i === 0 };
      worker.on('message', (result: FixJobResult) => {
        const current = entry.current;
        entry.current = undefined;
        current?.resolve(result);
        this.dispatch();
      });
      worker.on('error', (error: Error) => {
        entry.dead = true;
        const current = entry.current;
        entry.current = undefined;
        current?.reject(error);
      });
      this.workers.push(entry);
    }
  }

  /** Has the worker that takes TypeScript files load TypeScript now (once), before its first such file arrives. */
  preloadTypeScript(): void {
    if (this.typescriptAsked) return;
    this.typescriptAsked = true;
    this.workers[0]?.worker.postMessage({ preload: 'typescript' } satisfies FixWorkerMessage);
  }

  /** Lets the first `count` workers (at least one, at most all) take jobs, from the next run() on. */
  activate(count: number): void {
    this.active = Math.min(this.workers.length, Math.max(this.active, count, 1));
  }

  /** Stops the workers that were never let take a job. */
  shrink(): void {
    for (const entry of this.workers.splice(this.active)) void entry.worker.terminate();
  }

  run(job: FixJob): Promise<FixJobResult> {
    return new Promise((resolve, reject) => {
      (TYPESCRIPT_FILE.test(job.path) ? this.typescriptJobs : this.javascriptJobs).push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Gives each idle worker its next job. */
  private dispatch(): void {
    for (let i = 0; i < this.active; i++) {
      const entry = this.workers[i]!;
      if (entry.current || entry.dead) continue;
      const next = this.nextFor(entry);
      if (!next) continue;
      entry.current = { resolve: next.resolve, reject: next.reject };
      entry.worker.postMessage(next.job);
    }
  }

  private nextFor(entry: PoolWorker): QueuedJob | undefined {
    if (entry.typescript) return this.typescriptJobs.shift() ?? this.javascriptJobs.shift();
    const job = this.javascriptJobs.shift();
    if (job) return job;
    if (this.typescriptJobs.length < TYPESCRIPT_SHARE_FROM) return undefined;
    entry.typescript = true;
    return this.typescriptJobs.shift();
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/** A git command that failed (a path git refuses, a broken repository) is the user's to look at: one line, exit 2. */
function gitOrUsage<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    if (stderr) throw new UsageError(`fix: git: ${stderr.replace(/^fatal: /, '')}`);
    throw error;
  }
}

/** Loads the built transform; a missing or broken build is an internal error with a clear line, never "0 ok". */
function loadTransform<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    const reason = existsSync(TRANSFORM_PATH) ? (error instanceof Error ? error.message.split('\n')[0] : String(error)) : 'the file is missing (run npm run build)';
    throw new Error(`cannot load the codemod ${TRANSFORM_PATH}: ${reason}`);
  }
}
