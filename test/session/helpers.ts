/// <reference types="vitest/globals" />
// Shared pieces of the session-wrapper tests: a simulator with switchable faults, a pass-through proxy that can hold
// or redirect answers, a second origin that records what it receives, fake (obviously fake) credentials, and the
// build freshness check for the generated templates and the CLI.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderWrapper, type WrapperVariant } from '../../src/session/index.js';
import { startSimulator, type Fault, type FaultRequest, type LogEntry, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const API = '3.22';

/** Obviously fake credentials: never real secrets in tests. */
export const PAT = { name: 'ci-test-pat', secret: 'fake-pat-secret:0000:not-real' };
export const USER = { name: 'alice', password: 'fake-password-not-real' };
export const patCredentials = (site = '') => ({
  personalAccessTokenName: PAT.name,
  personalAccessTokenSecret: PAT.secret,
  site: { contentUrl: site },
});

/** An unsigned JWT with `sub` and `exp` (the simulator checks only those claims). */
export function fakeJwt(sub = USER.name, expiresInSeconds = 300): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub, exp: Math.floor(Date.now() / 1000) + expiresInSeconds, jti: Math.random() })}.fake-signature`;
}

export interface TestSimulator extends Simulator {
  /** Set per test: decide a fault per request (undefined: none). */
  fault: ((request: FaultRequest) => Fault | undefined) | undefined;
  /** Every request the simulator answered (method, path, status, code, reason). */
  log: LogEntry[];
  /** Count of logged requests matching a method and path suffix. */
  count(method: string, pathEnd: string | RegExp): number;
  api(path: string): string;
}

const open: { close(): Promise<void> }[] = [];

export async function startSim(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const log: LogEntry[] = [];
  const sim = await startSimulator({
    pats: [{ name: PAT.name, secret: PAT.secret }],
    users: [{ name: USER.name, password: USER.password }],
    ...options,
    fault: (request) => test.fault?.(request) ?? { kind: 'none' },
    log: (entry) => log.push(entry),
  });
  const test: TestSimulator = {
    url: sim.url,
    host: sim.host,
    port: sim.port,
    stats: () => sim.stats(),
    expireAll: () => sim.expireAll(),
    reset: () => sim.reset(),
    close: () => sim.close(),
    fault: undefined,
    log,
    count(method, pathEnd) {
      return log.filter(
        (entry) => entry.method === method && (typeof pathEnd === 'string' ? entry.path.endsWith(pathEnd) : pathEnd.test(entry.path)),
      ).length;
    },
    api: (path) => `${sim.url}/api/${API}${path}`,
  };
  open.push(sim);
  return test;
}

/** A plain HTTP forwarder in front of `target` that can hold an answer or answer with a redirect. */
export interface Proxy {
  url: string;
  /** Return a location to answer 3xx instead of forwarding. */
  redirect: ((req: IncomingMessage) => { status: number; location: string } | undefined) | undefined;
  /** Return a promise to hold the forwarded answer until it settles. */
  hold: ((req: IncomingMessage) => Promise<void> | undefined) | undefined;
  /** Requests seen (method, url, x-tableau-auth present). */
  seen: { method: string; url: string; auth: boolean }[];
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<Proxy> {
  const proxy: Proxy = {
    url: '',
    redirect: undefined,
    hold: undefined,
    seen: [],
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    proxy.seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers['x-tableau-auth'] !== undefined });
    const redirect = proxy.redirect?.(req);
    if (redirect) {
      res.writeHead(redirect.status, { location: redirect.location, 'content-length': '0' });
      res.end();
      return;
    }
    const held = proxy.hold?.(req);
    const upstream = httpRequest(
      `${target}${req.url ?? '/'}`,
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          void Promise.resolve(held).then(() => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(chunks));
          });
        });
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const url = await listen(server);
  proxy.url = url;
  proxy.close = () => closeServer(server);
  open.push(proxy);
  return proxy;
}

/** Another origin on 127.0.0.1 that records the headers it receives and answers `status` (default 200) with JSON. */
export async function startRecorder(status = 200): Promise<{ url: string; received: IncomingMessage['headers'][]; close(): Promise<void> }> {
  const received: IncomingMessage['headers'][] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    received.push(req.headers);
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ elsewhere: true }));
  });
  const url = await listen(server);
  const recorder = { url, received, close: () => closeServer(server) };
  open.push(recorder);
  return recorder;
}

/** A minimal Tableau on 127.0.0.1: sign-in always gives a fresh token; every other request is answered by `answer`. */
export interface StubTableau {
  url: string;
  /** Sign-ins answered so far. */
  signIns: number;
  /** Other requests answered so far. */
  requests: number;
  close(): Promise<void>;
}

export async function startStubTableau(
  answer: (request: { method: string; url: string; index: number }) => { status: number; headers?: Record<string, string>; body: string },
): Promise<StubTableau> {
  const stub: StubTableau = { url: '', signIns: 0, requests: 0, close: async () => undefined };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (/\/auth\/signin$/i.test(req.url ?? '')) {
        stub.signIns += 1;
        const credentials = { token: `stub-token-${stub.signIns}`, site: { id: 'stub-site', contentUrl: '' }, user: { id: 'stub-user' } };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ credentials }));
        return;
      }
      const reply = answer({ method: req.method ?? '', url: req.url ?? '', index: stub.requests++ });
      res.writeHead(reply.status, { 'content-type': 'text/html', ...reply.headers });
      res.end(reply.body);
    });
  });
  stub.url = await listen(server);
  stub.close = () => closeServer(server);
  open.push(stub);
  return stub;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** A temporary folder removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tableau-session-${prefix}-`));
  temps.push(dir);
  return dir;
}
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Everything a test must never find in an error, event or log line. */
export function secretsIn(text: string, tokens: Iterable<string> = []): string[] {
  const found = [PAT.secret, USER.password].filter((secret) => text.includes(secret));
  for (const token of tokens) if (token && text.includes(token)) found.push('a session token');
  return found;
}

const mtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/**
 * The generated templates (dist/templates/session) must be newer than the wrapper source and the build step; when
 * they are not (a developer ran only vitest), only that build step is run again.
 */
export function ensureTemplates(): void {
  const manifest = join(root, 'dist/templates/session/manifest.json');
  const sources = ['src/session/wrapper/tableau-session.ts', 'scripts/build-steps/session-wrapper.mjs'].map((p) => mtime(join(root, p)));
  if (mtime(manifest) >= Math.max(...sources)) return;
  execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `import(${JSON.stringify(join(root, 'scripts/build-steps/session-wrapper.mjs'))}).then((m) => m.default(${JSON.stringify(root)}))`],
    { cwd: root, stdio: 'inherit' },
  );
}

/**
 * The built CLI must exist and be newer than the sources init and simulate depend on; when it is older, tsc is run over the build
 * config (without the clean step, so no other test sees dist/ vanish) and the templates are regenerated.
 */
export function ensureBuiltCli(): string {
  const cli = join(root, 'dist/src/cli/main.js');
  const outputs = ['dist/src/cli/init.js', 'dist/src/session/index.js', 'dist/src/cli/simulate.js', 'dist/src/simulator/server.js'].map((p) => mtime(join(root, p)));
  const sources = ['src/cli/init.ts', 'src/session/index.ts', 'src/cli/main.ts', 'src/cli/simulate.ts', 'src/simulator/server.ts', 'src/simulator/options.ts'].map((p) =>
    mtime(join(root, p)),
  );
  if (!existsSync(cli) || Math.min(...outputs) < Math.max(...sources)) {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  ensureTemplates();
  return cli;
}

/** The project's own tsc. */
export const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** A wrapper as an older generator version would have written it: another body, with an intact header hash. */
export function olderWrapper(variant: WrapperVariant, version = '0.0.1'): string {
  const current = renderWrapper(variant);
  const body = current.slice(current.indexOf('\n\n') + 2).replace('Create it with', 'Create one with');
  const hash = createHash('sha256').update(body).digest('hex');
  return [`// Generated by eslint-plugin-tableau-rest ${version} with \`tableau-rest init\` (older).`, `// tableau-rest-session body-sha256: ${hash}`, '', body].join('\n');
}
