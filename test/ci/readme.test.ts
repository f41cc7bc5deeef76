// The README's editor and CI section is what a newcomer follows: its links lead to files that exist, and its
// snippets are valid and agree with the tested examples.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { REPO } from '../helpers/project.js';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('<!-- section:editor-ci:start -->'), readme.indexOf('<!-- section:editor-ci:end -->'));
const blocks = (lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1].replace(/^ {2}/gm, ''));

test('the section is there and every relative link in it leads to a file in the repository', () => {
  expect(section).toContain('## In the editor');
  expect(section).toContain('## In CI');
  const links = [...section.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));
  expect(links).toEqual(expect.arrayContaining(['examples/ci/tableau-rest.yml', 'examples/ci/pre-commit-config.yaml', 'examples/ci/pre-commit', 'test/editor/vscode-eslint.ts']));
  for (const link of links) expect(existsSync(join(REPO, link)), link).toBe(true);
});

test('the VS Code settings are valid JSON with comments, and do not turn on the experimental flat-config flag', () => {
  const [settings] = blocks('jsonc');
  const parsed = JSON.parse(settings.replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown>;
  expect(parsed['editor.codeActionsOnSave']).toEqual({ 'source.fixAll.eslint': 'explicit' });
  expect(parsed).not.toHaveProperty('eslint.experimental.useFlatConfig');
});

test('the sharding snippet is valid YAML whose lint step writes the file its upload step reads, under a per-shard category', () => {
  const [snippet] = blocks('yaml');
  const job = load(snippet) as { strategy: { matrix: { package: string[] } }; steps: Array<{ run?: string; uses?: string; with?: Record<string, string> }> };
  expect(job.strategy.matrix.package.length).toBeGreaterThan(1);
  const lint = job.steps.find((s) => s.run?.includes('tableau-rest lint'))!;
  const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
  expect(lint.run).toMatch(/--format sarif --output-file (\S+)/);
  expect(upload.with?.sarif_file).toBe(/--output-file (\S+)/.exec(lint.run!)![1]);
  expect(upload.with?.category).toContain('${{ matrix.package }}');
  // The same upload action as the tested workflow.
  const workflow = readFileSync(join(REPO, 'examples/ci/tableau-rest.yml'), 'utf8');
  expect(workflow).toContain(`uses: ${upload.uses}`);
});

test('the lint-staged snippet is valid JSON that runs tableau-rest lint on JavaScript and TypeScript files', () => {
  const [snippet] = blocks('json');
  const config = JSON.parse(snippet) as { 'lint-staged': Record<string, string> };
  const [[glob, command]] = Object.entries(config['lint-staged']);
  expect(command).toBe('tableau-rest lint');
  for (const ext of ['js', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts']) expect(glob).toContain(ext);
});
