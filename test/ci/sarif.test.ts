// `tableau-rest lint --format sarif --output-file results.sarif`, run as CI runs it: the built CLI as a child
// process in a user's project (the example apps), the report checked for what GitHub code scanning reads.
import { ESLint } from 'eslint';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import plugin from '../../src/index.js';
import { run, tempProject } from '../helpers/project.js';
import { byPosition, checkSarif, exampleApps, jsonFindings, type SarifLog } from './sarif.js';

const descriptions = Object.fromEntries(
  Object.entries(plugin.rules).map(([name, rule]) => [name, (rule.meta?.docs as { description: string }).description]),
);
const RULES = Object.keys(plugin.rules).map((name) => `tableau-rest/${name}`).sort();

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
  project = tempProject(exampleApps());
});
afterAll(() => project?.cleanup());

const readSarif = (name: string) => JSON.parse(readFileSync(join(project.dir, name), 'utf8')) as SarifLog;

test('the SARIF file has every finding, with rule ids, levels, messages, locations and rule doc links (helpUri)', async () => {
  const r = await run(['lint', '--format', 'sarif', '--output-file', 'results.sarif'], { cwd: project.dir });
  expect(r.code, r.stderr).toBe(1); // error findings
  expect(r.stdout).toBe(''); // the report went to the file
  const log = readSarif('results.sarif');
  const findings = checkSarif(log, project.dir, descriptions).sort(byPosition);

  // The same findings as the JSON formatter, position for position.
  const json = await run(['lint', '--format', 'json'], { cwd: project.dir });
  expect(findings).toEqual(jsonFindings(json.stdout, project.dir).sort(byPosition));

  // The examples show every rule; no-foreign-site is a warning in `recommended`, the others errors.
  expect(findings).toHaveLength(13);
  expect(log.runs[0].tool.driver.rules.map((rule) => rule.id).sort()).toEqual(RULES);
  expect(new Set(findings.filter((f) => f.level === 'warning').map((f) => f.ruleId))).toEqual(new Set(['tableau-rest/no-foreign-site']));
  expect(findings).toContainEqual({ file: 'examples/fetch-esm/workbook-report.mjs', line: 33, column: 34, ruleId: 'tableau-rest/no-stale-token', level: 'error' });
  expect(log.runs[0].tool.driver.version).toBe(ESLint.version);
  expect(log.runs[0].invocations).toBeUndefined(); // no tool errors
});

test('--concurrency 2 (worker threads) writes the same SARIF results and rule metadata', async () => {
  const r = await run(['lint', '--format', 'sarif', '--output-file', 'threads.sarif', '--concurrency', '2'], { cwd: project.dir });
  expect(r.code, r.stderr).toBe(1);
  const single = await run(['lint', '--format', 'sarif', '--output-file', 'single.sarif'], { cwd: project.dir });
  expect(single.code).toBe(1);
  const threads = readSarif('threads.sarif');
  expect(checkSarif(threads, project.dir, descriptions).sort(byPosition)).toEqual(checkSarif(readSarif('single.sarif'), project.dir, descriptions).sort(byPosition));
  expect(threads.runs[0].tool.driver.rules.map((rule) => rule.id).sort()).toEqual(RULES);
});

test('a clean project gives a valid SARIF file with an empty results array (so code scanning closes fixed alerts), exit 0', async () => {
  const clean = tempProject({ 'src/ok.js': "export const views = (base, siteId, token) => fetch(`${base}/api/3.19/sites/${siteId}/views`, { headers: { 'X-Tableau-Auth': token } }).then((r) => (r.ok ? r.json() : []));\n" });
  try {
    const r = await run(['lint', '--format', 'sarif', '--output-file', 'results.sarif'], { cwd: clean.dir });
    expect(r.code, r.stderr).toBe(0);
    const log = JSON.parse(readFileSync(join(clean.dir, 'results.sarif'), 'utf8')) as SarifLog;
    expect(checkSarif(log, clean.dir, descriptions)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
  } finally {
    clean.cleanup();
  }
});

test('a file that does not parse: the SARIF still has the other findings and names the file as a tool error; exit 2', async () => {
  writeFileSync(join(project.dir, 'examples/fetch-esm/broken.mjs'), 'export const = ;\n');
  const r = await run(['lint', '--format', 'sarif', '--output-file', 'broken.sarif'], { cwd: project.dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/broken\.mjs: could not parse \(line 1\)/);
  const log = readSarif('broken.sarif');
  expect(checkSarif(log, project.dir, descriptions)).toHaveLength(13);
  const [invocation] = log.runs[0].invocations!;
  expect(invocation.executionSuccessful).toBe(false);
  expect(invocation.toolConfigurationNotifications[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/broken\.mjs$/);
});
