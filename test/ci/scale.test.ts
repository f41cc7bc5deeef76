// Large repositories: the rules under ESLint's worker threads (`--concurrency`) and ESLint's cache (`--cache`),
// run as a user runs them: the real `eslint` binary and the built `tableau-rest lint`, as child processes, over a
// generated monorepo of a few hundred files in the shapes of examples/.
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, run, tempProject, type Run } from '../helpers/project.js';
import { writeMonorepo } from './fixtures.js';

const ESLINT_BIN = join(REPO, 'node_modules/eslint/bin/eslint.js');
const RULES = ['no-stale-token', 'handle-auth-errors', 'no-foreign-site', 'no-hardcoded-credentials', 'reauth-only-on-401'].map((r) => `tableau-rest/${r}`);
const CONFIG = "import tableauRest from 'eslint-plugin-tableau-rest';\n\nexport default [...tableauRest.configs.recommended];\n";

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; messageId?: string; line: number; column: number; endLine?: number; endColumn?: number; severity: number; message: string; fatal?: boolean; suggestions?: unknown[] }>;
}

/** Findings per file (path relative to the project), in a stable order, with everything a user sees. */
function findings(r: Run, dir: string): Record<string, string[]> {
  if (r.code !== 1) throw new Error(`expected exit 1 (findings), got ${r.code}; stderr:\n${r.stderr}`);
  const results = JSON.parse(r.stdout) as JsonResult[];
  const out: Record<string, string[]> = {};
  for (const result of [...results].sort((a, b) => a.filePath.localeCompare(b.filePath))) {
    out[result.filePath.slice(dir.length + 1)] = result.messages.map(
      (m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity} ${m.ruleId} ${m.messageId} ${m.message} ${JSON.stringify(m.suggestions ?? [])}`,
    );
  }
  return out;
}

function summary(byFile: Record<string, string[]>) {
  const messages = Object.values(byFile).flat();
  return {
    files: Object.keys(byFile).filter((f) => f.startsWith('packages/')).length,
    rules: RULES.filter((rule) => messages.some((m) => m.includes(` ${rule} `))),
    fatal: messages.filter((m) => m.includes(' null ')).length,
  };
}

const eslint = (dir: string, args: string[]) => run([ESLINT_BIN, '--format', 'json', ...args, '.'], { cwd: dir, command: process.execPath });
const lint = (dir: string, args: string[]) => run(['lint', '--format', 'json', ...args], { cwd: dir });

/**
 * Rewrites a file with different text of the same size and puts its modification time back: ESLint's default
 * cache strategy ("metadata": size and mtime) then treats it as unchanged, so a run that still reports the old
 * findings for it is a run that read them from the cache.
 */
function changeBehindTheCachesBack(path: string, from: string, to: string): void {
  expect(to).toHaveLength(from.length);
  const { atime, mtime, size } = statSync(path);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  utimesSync(path, atime, mtime);
  expect(statSync(path).size).toBe(size);
}

// The header name with one letter changed: the call no longer carries a Tableau token, so its
// no-stale-token finding goes away when the file is really linted again.
const HEADER = "'X-Tableau-Auth': authToken";
const NOT_A_HEADER = "'X-Tableau-Aux0': authToken";

describe('the eslint CLI over a 300-file monorepo', () => {
  let project: ReturnType<typeof tempProject>;
  let reference: Record<string, string[]>;

  beforeAll(async () => {
    project = tempProject({ 'eslint.config.js': CONFIG });
    writeMonorepo(project.dir, 300);
    reference = findings(await eslint(project.dir, []), project.dir);
  }, 60_000);
  afterAll(() => project?.cleanup());

  test('the single-threaded reference run covers every file and every rule, with no parse errors', () => {
    expect(summary(reference)).toEqual({ files: 300, rules: RULES, fatal: 0 });
  });

  test('--concurrency auto and --concurrency 2 (worker threads) give exactly the same findings', async () => {
    const two = await eslint(project.dir, ['--concurrency', '2']);
    expect(findings(two, project.dir)).toEqual(reference);
    const auto = await eslint(project.dir, ['--concurrency', 'auto']);
    expect(findings(auto, project.dir)).toEqual(reference);
  }, 60_000);

  test('--cache: same findings; the second run reads unchanged files from the cache; a changed file is linted again', async () => {
    const first = await eslint(project.dir, ['--cache']);
    expect(findings(first, project.dir)).toEqual(reference);
    expect(existsSync(join(project.dir, '.eslintcache'))).toBe(true);

    const file = 'packages/app-0/src/report.mjs';
    const path = join(project.dir, file);
    expect(reference[file].some((m) => m.includes('tableau-rest/no-stale-token'))).toBe(true);
    changeBehindTheCachesBack(path, HEADER, NOT_A_HEADER);
    const second = await eslint(project.dir, ['--cache']);
    expect(findings(second, project.dir)).toEqual(reference); // served from the cache, old findings included

    utimesSync(path, new Date(), new Date(Date.now() + 5_000)); // a real edit moves the mtime
    const third = findings(await eslint(project.dir, ['--cache']), project.dir);
    expect(third[file].some((m) => m.includes('tableau-rest/no-stale-token'))).toBe(false);
    expect(third[file].length).toBeGreaterThan(0); // its other finding (an unchecked response) stays
    expect({ ...third, [file]: reference[file] }).toEqual(reference); // every other file: unchanged
  }, 60_000);
});

describe('tableau-rest lint without a project config (the plugin object comes from an options module)', () => {
  let project: ReturnType<typeof tempProject>;
  let reference: Record<string, string[]>;

  beforeAll(async () => {
    project = tempProject();
    writeMonorepo(project.dir, 36);
    reference = findings(await lint(project.dir, []), project.dir);
    expect(summary(reference)).toEqual({ files: 36, rules: RULES, fatal: 0 });
  }, 60_000);
  afterAll(() => project?.cleanup());

  test('--concurrency 2 and auto give the same findings as a single thread', async () => {
    const two = await lint(project.dir, ['--concurrency', '2']);
    expect(two.stderr).not.toMatch(/cannot be cloned|internal error/);
    expect(findings(two, project.dir)).toEqual(reference);
    expect(findings(await lint(project.dir, ['--concurrency', 'auto']), project.dir)).toEqual(reference);
  }, 60_000);

  test('--cache: the second run reads from the cache (the config hash is stable across runs)', async () => {
    expect(findings(await lint(project.dir, ['--cache']), project.dir)).toEqual(reference);
    const file = 'packages/app-0/src/report.mjs';
    changeBehindTheCachesBack(join(project.dir, file), HEADER, NOT_A_HEADER);
    expect(findings(await lint(project.dir, ['--cache']), project.dir)).toEqual(reference);
    // Without --cache the same tree shows the edit: the cache really was what answered.
    const fresh = findings(await lint(project.dir, []), project.dir);
    expect(fresh[file].some((m) => m.includes('tableau-rest/no-stale-token'))).toBe(false);
  }, 60_000);
});

// Why the README says not to combine typed linting with --cache: with type information a file's findings depend
// on the modules it imports, and ESLint's cache decides from the file alone.
describe('recommended-type-checked with --cache', () => {
  const AUTH_ONCE = `const BASE = 'https://tableau.example.com/api/3.19';
export let token = '';
export async function signIn(): Promise<void> {
  const res = await fetch(\`\${BASE}/auth/signin\`, { method: 'POST', body: JSON.stringify({ credentials: {} }) });
  if (!res.ok) throw new Error(\`sign-in failed: \${res.status}\`);
  token = (await res.json()).credentials.token;
}
`;
  // The same module with a refresh path: a request that gets 401 signs in again once.
  const AUTH_REFRESHING = `${AUTH_ONCE}
export async function request(path: string, retried = false): Promise<unknown> {
  const res = await fetch(\`\${BASE}/\${path}\`, { headers: { 'X-Tableau-Auth': token } });
  if (res.status === 401 && !retried) {
    await signIn();
    return request(path, true);
  }
  if (!res.ok) throw new Error(\`HTTP \${res.status}\`);
  return res.json();
}
`;
  const USES = `import { token } from './auth.js';
export async function projects(siteId: string): Promise<unknown> {
  const res = await fetch(\`https://tableau.example.com/api/3.19/sites/\${siteId}/projects\`, { headers: { 'X-Tableau-Auth': token } });
  if (!res.ok) throw new Error(\`HTTP \${res.status}\`);
  return res.json();
}
`;

  test('an edit to an imported module is not seen by the cached importer, while a run without the cache sees it', async () => {
    const project = tempProject({
      'package.json': '{ "name": "typed", "private": true, "type": "module" }\n',
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], strict: true, noEmit: true }, include: ['src'] }),
      'eslint.config.js': "import tableauRest from 'eslint-plugin-tableau-rest';\n\nexport default [...tableauRest.configs['recommended-type-checked']];\n",
      'src/auth.ts': AUTH_ONCE,
      'src/projects.ts': USES,
    });
    try {
      const rulesFor = async (args: string[]) => {
        const r = await run([ESLINT_BIN, '--format', 'json', ...args, 'src/projects.ts'], { cwd: project.dir, command: process.execPath });
        expect(r.stderr).toBe('');
        return (JSON.parse(r.stdout) as JsonResult[]).flatMap((x) => x.messages.map((m) => m.ruleId));
      };
      expect(await rulesFor(['--cache'])).toEqual(['tableau-rest/no-stale-token']); // the imported token never renews
      writeFileSync(join(project.dir, 'src/auth.ts'), AUTH_REFRESHING);
      expect(await rulesFor(['--cache'])).toEqual(['tableau-rest/no-stale-token']); // the cache still says so
      // (a run without --cache also deletes the cache file, so it goes last)
      expect(await rulesFor([])).toEqual([]); // but now auth.ts signs in again on 401
    } finally {
      project.cleanup();
    }
  }, 60_000);
});
