// Shared by the CI tests: the example apps as a user's project, and a structural check of a SARIF log against
// what GitHub code scanning reads (SARIF 2.1.0: tool.driver.rules with helpUri, results with ruleId, level,
// message and a physical location).
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO } from '../helpers/project.js';

export const DOCS = 'https://github.com/tableau-rest/eslint-plugin-tableau-rest/blob/main/rules/';

/** The example apps (not examples/ci) as `{ 'examples/<app>/<file>': text }`, for tempProject. */
export function exampleApps(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'ci') walk(path);
      } else files[relative(REPO, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(join(REPO, 'examples'));
  return files;
}

export interface SarifLog {
  version: string;
  $schema: string;
  runs: Array<{
    tool: { driver: { name: string; version?: string; informationUri?: string; rules: Array<{ id: string; helpUri?: string; shortDescription?: { text: string } }> } };
    artifacts?: Array<{ location: { uri: string } }>;
    results: Array<{
      ruleId: string;
      ruleIndex?: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; index?: number }; region: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number } } }>;
    }>;
    invocations?: Array<{ executionSuccessful: boolean; toolConfigurationNotifications: Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
  }>;
}

export interface Finding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  level: 'error' | 'warning';
}

/**
 * Checks the structure code scanning needs and returns the findings in it (file relative to `projectDir`).
 * `descriptions` maps our rule names to their meta.docs.description.
 */
export function checkSarif(log: SarifLog, projectDir: string, descriptions: Record<string, string>): Finding[] {
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  expect(log.runs).toHaveLength(1);
  const [run] = log.runs;
  expect(run.tool.driver.name).toBe('ESLint');
  expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(Array.isArray(run.results)).toBe(true); // present even when empty: that is how code scanning closes alerts

  const rules = run.tool.driver.rules;
  expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  for (const rule of rules) {
    if (!rule.id.startsWith('tableau-rest/')) continue;
    const name = rule.id.slice('tableau-rest/'.length);
    expect(rule.helpUri).toBe(`${DOCS}${name}.md`);
    expect(existsSync(join(REPO, 'rules', `${name}.md`))).toBe(true);
    expect(rule.shortDescription?.text).toBe(descriptions[name]);
  }

  return run.results.map((result) => {
    const rule = rules.find((r) => r.id === result.ruleId);
    expect(rule, `result for ${result.ruleId} has no rule in tool.driver.rules`).toBeDefined();
    expect(rules[result.ruleIndex!]).toBe(rule);
    expect(['error', 'warning']).toContain(result.level);
    expect(result.message.text.length).toBeGreaterThan(20);
    expect(result.locations).toHaveLength(1);
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    expect(artifactLocation.uri).toMatch(/^file:\/\//);
    const path = fileURLToPath(artifactLocation.uri);
    expect(existsSync(path)).toBe(true);
    expect(path.startsWith(projectDir)).toBe(true);
    if (artifactLocation.index !== undefined) expect(run.artifacts?.[artifactLocation.index]?.location.uri).toBe(artifactLocation.uri);
    expect(region.startLine).toBeGreaterThanOrEqual(1);
    expect(region.startColumn).toBeGreaterThanOrEqual(1);
    return { file: relative(projectDir, path), line: region.startLine, column: region.startColumn!, ruleId: result.ruleId, level: result.level as Finding['level'] };
  });
}

/** The same findings from ESLint's JSON formatter output, to compare with the SARIF. */
export function jsonFindings(stdout: string, projectDir: string): Finding[] {
  const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; column: number; severity: number }> }>;
  return results.flatMap((r) =>
    r.messages.map((m) => ({ file: relative(projectDir, r.filePath), line: m.line, column: m.column, ruleId: m.ruleId, level: m.severity === 2 ? ('error' as const) : ('warning' as const) })),
  );
}

export const byPosition = (a: Finding, b: Finding) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
