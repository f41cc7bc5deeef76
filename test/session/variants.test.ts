/// <reference types="vitest/globals" />
// The generated files themselves: each variant is written into a temporary project with the generator, type-checked
// with the project's own tsc (TypeScript under the strictest flags, JavaScript with --checkJs), and RUN against the
// simulator: the ES module and CommonJS files as child processes (global fetch, node-fetch, axios), the TypeScript
// file imported here.
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { siteLuid } from '../../src/simulator/index.js';
import { resolveWrapperTarget, writeWrapper } from '../../src/session/index.js';
import { API, ensureTemplates, PAT, root, startSim, tempDir, tsc } from './helpers.js';

const SITE = siteLuid('');

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A project folder that can resolve axios, node-fetch and the type packages of this repo. */
function projectDir(packageJson: object): string {
  const dir = tempDir('variant');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
  return dir;
}

function write(dir: string, file: string, text: string): void {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), text);
}

const STRICTEST = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  erasableSyntaxOnly: true,
  skipLibCheck: true,
  noEmit: true,
  target: 'es2022',
  module: 'nodenext',
  moduleResolution: 'nodenext',
};

const TS_CONSUMER = `import axios from 'axios';
import nodeFetch from 'node-fetch';
import {
  attachToAxios,
  createTableauSession,
  TableauAuthError,
  TableauConfigError,
  type TableauSessionEvent,
} from './tableau-session.js';

export async function consumer(): Promise<string> {
  const seen: number[] = [];
  const session = createTableauSession({
    server: 'https://tableau.example.com',
    apiVersion: '3.22',
    credentials: { personalAccessTokenName: 'ci', personalAccessTokenSecret: process.env['PAT_SECRET'] ?? '' },
    onEvent: (event: TableauSessionEvent) => {
      if (event.type === 'retry') seen.push(event.attempt);
    },
  });
  const res: Response = await session.fetch('https://tableau.example.com/api/3.22/sessions/current', { method: 'GET' });
  // With node-fetch, the session takes and returns node-fetch's own types (legacy .buffer() keeps compiling).
  const legacy = createTableauSession({ server: 'https://tableau.example.com', fetch: nodeFetch });
  const buffer: Buffer = await (await legacy.fetch('https://tableau.example.com/x', { method: 'GET' })).buffer();
  const detach = attachToAxios(axios.create(), session);
  detach();
  attachToAxios(axios, legacy);
  // @ts-expect-error server must be a string
  createTableauSession({ server: 42 });
  // @ts-expect-error credentials must be a PAT, a name and password, a JWT, or a function returning one
  createTableauSession({ server: 'https://x.example.com', credentials: { token: 'x' } });
  try {
    await session.switchSite('marketing');
  } catch (error) {
    if (error instanceof TableauAuthError) return error.code ?? String(error.status);
    if (error instanceof TableauConfigError) return error.option;
  }
  return \`\${res.status} \${buffer.length} \${session.siteId ?? ''} \${seen.length}\`;
}
`;

const ESM_CONSUMER = `// @ts-check
import { createTableauSession } from './tableau-session.mjs';
// @ts-expect-error server must be a string
createTableauSession({ server: 42 });
const session = createTableauSession({ server: 'https://x.example.com', credentials: async () => ({ jwt: 'fake.jwt.value' }) });
/** @type {string | undefined} */
export const token = session.token;
`;

const CJS_CONSUMER = `// @ts-check
const { createTableauSession, TableauAuthError } = require('./tableau-session.js');
// @ts-expect-error onEvent must be a function
createTableauSession({ server: 'https://x.example.com', onEvent: 'log' });
/** @param {unknown} error */
module.exports = (error) => (error instanceof TableauAuthError ? error.code : undefined);
`;

/** Runs in a child process: global fetch, expiry mid-job, sign-out. Prints a JSON line. */
const ESM_SCRIPT = `import { createTableauSession } from './tableau-session.mjs';
const [server, api, site] = process.argv.slice(2);
const events = [];
const session = createTableauSession({
  server,
  apiVersion: api,
  credentials: { personalAccessTokenName: process.env.PAT_NAME, personalAccessTokenSecret: process.env.PAT_SECRET },
  onEvent: (event) => events.push(event.type),
});
const statuses = [];
for (let i = 0; i < 4; i++) {
  if (i === 2) await fetch(server + '/__sim/expire', { method: 'POST' });
  const res = await session.fetch(server + '/api/' + api + '/sites/' + site + '/projects');
  statuses.push(res.status);
  await res.text();
}
await session.signOut();
console.log(JSON.stringify({ statuses, events }));
`;

/** Runs in a child process: node-fetch (legacy .buffer()) and axios, through the CommonJS file. */
const CJS_SCRIPT = `const nodeFetch = require('node-fetch');
const axios = require('axios');
const { createTableauSession, attachToAxios } = require('./lib/tableau-session.js');
const [server, api, site] = process.argv.slice(2);
(async () => {
  const session = createTableauSession({
    server,
    apiVersion: api,
    fetch: nodeFetch,
    credentials: { personalAccessTokenName: process.env.PAT_NAME, personalAccessTokenSecret: process.env.PAT_SECRET },
  });
  const instance = axios.create({ baseURL: server + '/api/' + api });
  attachToAxios(instance, session);
  const results = [];
  for (let i = 0; i < 4; i++) {
    if (i === 2) await nodeFetch(server + '/__sim/expire', { method: 'POST' });
    const res = await session.fetch(server + '/api/' + api + '/sites/' + site + '/projects');
    results.push(res.status + ':' + ((await res.buffer()).length > 0));
    results.push('axios:' + (await instance.get('/sites/' + site + '/projects')).status);
  }
  console.log(JSON.stringify({ results }));
})().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
`;

beforeAll(() => ensureTemplates());

describe('generated variants', () => {
  it('type-check: TypeScript under the strictest flags (DOM lib, or @types/node alone), JavaScript with --checkJs', async () => {
    const tsDir = projectDir({ type: 'module' });
    writeWrapper(resolveWrapperTarget(tsDir, 'src/tableau-session.ts'));
    write(tsDir, 'src/consumer.ts', TS_CONSUMER);
    write(tsDir, 'tsconfig.dom.json', JSON.stringify({ compilerOptions: { ...STRICTEST, lib: ['es2022', 'dom'], types: [] }, files: ['src/tableau-session.ts'] }));
    write(tsDir, 'tsconfig.node.json', JSON.stringify({ compilerOptions: { ...STRICTEST, lib: ['es2022'], types: ['node'] }, files: ['src/consumer.ts'] }));

    const jsDir = projectDir({ type: 'module' });
    writeWrapper(resolveWrapperTarget(jsDir, 'tableau-session.mjs'));
    write(jsDir, 'legacy/package.json', JSON.stringify({ type: 'commonjs' }));
    const cjsTarget = resolveWrapperTarget(jsDir, 'legacy/tableau-session.js');
    expect(cjsTarget.module).toBe('cjs');
    writeWrapper(cjsTarget);
    write(jsDir, 'consumer.mjs', ESM_CONSUMER);
    write(jsDir, 'legacy/consumer.js', CJS_CONSUMER);
    const jsOptions = { allowJs: true, checkJs: true, strict: true, noEmit: true, skipLibCheck: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] };
    write(jsDir, 'tsconfig.json', JSON.stringify({ compilerOptions: jsOptions, files: ['tableau-session.mjs', 'legacy/tableau-session.js', 'consumer.mjs', 'legacy/consumer.js'] }));

    const results = await Promise.all([
      run(process.execPath, [tsc, '-p', 'tsconfig.dom.json'], tsDir),
      run(process.execPath, [tsc, '-p', 'tsconfig.node.json'], tsDir),
      run(process.execPath, [tsc, '-p', 'tsconfig.json'], jsDir),
    ]);
    for (const result of results) expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
  });

  it('type-check: the .cts (CommonJS TypeScript) file under the strictest flags except verbatimModuleSyntax, which CommonJS cannot take', async () => {
    const dir = projectDir({ type: 'module' });
    writeWrapper(resolveWrapperTarget(dir, 'src/tableau-session.cts'));
    const { verbatimModuleSyntax: _verbatim, ...commonJs } = STRICTEST;
    write(dir, 'tsconfig.json', JSON.stringify({ compilerOptions: { ...commonJs, lib: ['es2022'], types: ['node'] }, files: ['src/tableau-session.cts'] }));
    write(dir, 'tsconfig.verbatim.json', JSON.stringify({ compilerOptions: { ...STRICTEST, lib: ['es2022'], types: ['node'] }, files: ['src/tableau-session.cts'] }));
    const [plain, verbatim] = await Promise.all([
      run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir),
      run(process.execPath, [tsc, '-p', 'tsconfig.verbatim.json'], dir),
    ]);
    expect({ code: plain.code, output: plain.stdout + plain.stderr }).toEqual({ code: 0, output: '' });
    // What the README says: verbatimModuleSyntax forbids ES `export` in a CommonJS module (TS1287).
    expect(verbatim.code).not.toBe(0);
    expect(verbatim.stdout).toContain('TS1287');
  });

  it('run: the ES module file in a child process with global fetch', async () => {
    const sim = await startSim();
    const dir = projectDir({ type: 'module' });
    writeWrapper(resolveWrapperTarget(dir, 'tableau-session.mjs'));
    write(dir, 'run.mjs', ESM_SCRIPT);
    const result = await run(process.execPath, ['run.mjs', sim.url, API, SITE], dir, { PAT_NAME: PAT.name, PAT_SECRET: PAT.secret });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      statuses: [200, 200, 200, 200],
      events: ['signIn', 'reauth', 'signIn', 'signOut'],
    });
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1, signOuts: 1 });
  });

  it('run: the CommonJS file (.js under "type": "commonjs") in a child process with node-fetch and axios', async () => {
    const sim = await startSim();
    const dir = projectDir({ type: 'commonjs' });
    const target = resolveWrapperTarget(dir, 'lib/tableau-session.js');
    expect(target.module).toBe('cjs');
    writeWrapper(target);
    write(dir, 'run.cjs', CJS_SCRIPT);
    const result = await run(process.execPath, ['run.cjs', sim.url, API, SITE], dir, { PAT_NAME: PAT.name, PAT_SECRET: PAT.secret });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      results: ['200:true', 'axios:200', '200:true', 'axios:200', '200:true', 'axios:200', '200:true', 'axios:200'],
    });
    // fetch and axios share the session: one re-sign-in after the expiry.
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
  });

  it('run: the TypeScript file, imported', async () => {
    const sim = await startSim();
    const dir = projectDir({ type: 'module' });
    const target = resolveWrapperTarget(dir, 'src/tableau-session.ts');
    writeWrapper(target);
    const wrapper = (await import(pathToFileURL(target.path).href)) as typeof import('../../src/session/wrapper/tableau-session.js');
    const session = wrapper.createTableauSession({
      server: sim.url,
      apiVersion: API,
      credentials: { personalAccessTokenName: PAT.name, personalAccessTokenSecret: PAT.secret },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      if (i === 2) sim.expireAll();
      statuses.push((await session.fetch(sim.api(`/sites/${SITE}/projects`))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(sim.stats()).toMatchObject({ signIns: 2, unauthorized: 1 });
    await expect(
      wrapper.createTableauSession({ server: sim.url, apiVersion: API, credentials: { name: 'alice', password: 'fake-wrong' } }).signIn(),
    ).rejects.toBeInstanceOf(wrapper.TableauAuthError);
  });
});
