/// <reference types="vitest/globals" />
// Shared pieces of the robustness suites: the generated wrapper in a temporary project with the driver script
// beside it (run as a child process), the simulator as users run it (`tableau-rest simulate` from the built CLI,
// as a child process), and the scans for secrets and tokens.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveWrapperTarget, writeWrapper } from '../../src/session/index.js';
import { ensureBuiltCli, PAT, secretsIn, tempDir, USER } from '../session/helpers.js';

export { API, PAT, USER, patCredentials, startRecorder, startSim, tempDir } from '../session/helpers.js';

const driverSource = fileURLToPath(new URL('./driver.mjs', import.meta.url));

/** A temporary project with the generated ES module wrapper and the driver beside it. */
export function wrapperProject(): string {
  ensureBuiltCli();
  const dir = tempDir('robust');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeWrapper(resolveWrapperTarget(dir, 'tableau-session.mjs'));
  copyFileSync(driverSource, join(dir, 'driver.mjs'));
  return dir;
}

export interface ErrorOutcome {
  error: { class: string; name: string; message: string; stack: string; json: string; status?: number; code?: string; option?: string };
}
export interface ResponseOutcome {
  status: number;
  body: string;
}
export type Outcome = ErrorOutcome | ResponseOutcome;

export interface DriverResult {
  code: number | null;
  /** One entry per step; a `requests` step gives one outcome per request, in order. */
  results: unknown[];
  events: ({ session: string; type: string } & Record<string, unknown>)[];
  server: Record<string, string>;
  stdout: string;
  stderr: string;
  /** Every token the server issued to the driver (or to the other process it started). */
  tokens: string[];
}

export interface RequestSpec {
  url: string;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  abortAfterMs?: number;
  session?: string;
}

export type Step =
  | { requests: RequestSpec[] }
  | { signIn: string }
  | { signOut: string }
  | { post: string }
  | { create: string }
  | { otherProcessSignIn: { url: string; credentials: unknown } };

export interface Scenario {
  sessions: Record<string, Record<string, unknown>>;
  steps: Step[];
}

/** Runs the driver on a scenario in a child process. */
export function runDriver(dir: string, scenario: Scenario): Promise<DriverResult> {
  const tokensFile = join(dir, `tokens-${Date.now()}-${Math.random()}.txt`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['driver.mjs'], {
      cwd: dir,
      env: { ...process.env, SCENARIO: JSON.stringify(scenario), TOKENS_FILE: tokensFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => {
      const tokens = existsSync(tokensFile) ? readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean) : [];
      let parsed: Pick<DriverResult, 'results' | 'events' | 'server'> = { results: [], events: [], server: {} };
      try {
        parsed = JSON.parse(stdout) as typeof parsed;
      } catch {
        // Left empty: the test's exit-code assertion shows stdout and stderr.
      }
      resolve({ code, ...parsed, stdout, stderr, tokens });
    });
  });
}

/** The outcomes of the `requests` step at `index`. */
export const outcomesOf = (result: DriverResult, index: number) => result.results[index] as Outcome[];
export const isError = (outcome: Outcome): outcome is ErrorOutcome => 'error' in outcome;

/** Asserts the driver ran to its end (exit 0: every caller's promise settled) and nothing secret leaked. */
export function expectCleanRun(result: DriverResult, ...more: string[]): void {
  expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
  const everything = [result.stdout, result.stderr, ...more].join('\n');
  expect(secretsIn(everything, result.tokens)).toEqual([]);
}

export const retries = (result: DriverResult) => result.events.filter((e) => e.type === 'retry');
export const ofType = (result: DriverResult, type: string) => result.events.filter((e) => e.type === type);

/** `tableau-rest simulate` from the built CLI, as a child process with the test credentials. */
export interface CliSimulator {
  url: string;
  api(path: string): string;
  stats(): Promise<Record<string, number>>;
  output(): string;
  stop(): Promise<number | null>;
}

const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export async function startCliSimulator(args: string[]): Promise<CliSimulator> {
  const cli = ensureBuiltCli();
  const child = spawn(process.execPath, [cli, 'simulate', '--port', '0', '--pat', `${PAT.name}:${PAT.secret}`, '--user', `${USER.name}:${USER.password}`, ...args]);
  running.push(child);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /^Tableau simulator listening on (\S+)$/m.exec(out);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    void exited.then(() => reject(new Error(`simulate exited before listening: ${out}`)));
  });
  return {
    url,
    api: (path) => `${url}/api/3.22${path}`,
    stats: async () => (await (await fetch(`${url}/__sim/stats`)).json()) as Record<string, number>,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
