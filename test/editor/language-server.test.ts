// The editor, proven with the real ESLint language server (vscode-eslint-language-server from
// vscode-langservers-extracted, the server VS Code's ESLint extension runs), spawned over stdio and driven as
// VS Code drives it. The workspace is a user's project: an eslint.config.js that spreads our recommended config
// (plus `curly`, a core rule with an autofix, so "Fix all" has something to do), and this package installed under
// node_modules (a symlink to the repo, so the built dist/ is what the server loads).
import { ESLint } from 'eslint';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempProject } from '../helpers/project.js';
import { applyTextEdits, editsFor, EslintEditor, type Diagnostic, type OpenDocument } from './vscode-eslint.js';

const DOCS = 'https://github.com/tableau-rest/eslint-plugin-tableau-rest/blob/main/rules/';
const CONFIG = `import tableauRest from 'eslint-plugin-tableau-rest';

export default [
  ...tableauRest.configs.recommended,
  { rules: { curly: 'error' } },
];
`;

// Two of the example apps, as they are: a fetch script (.mjs) and the axios module, here as TypeScript.
const REPORT = readFileSync(join(REPO, 'examples/fetch-esm/workbook-report.mjs'), 'utf8');
const AXIOS_API = readFileSync(join(REPO, 'examples/axios-esm/tableau-api.mjs'), 'utf8');

let project: ReturnType<typeof tempProject>;
let editor: EslintEditor;
let eslint: ESLint;

beforeAll(async () => {
  if (!existsSync(join(REPO, 'dist/src/index.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  project = tempProject({
    'package.json': '{ "name": "legacy-reports", "private": true, "type": "module" }\n',
    'eslint.config.js': CONFIG,
    'src/report.mjs': REPORT,
    'src/report-fix-all.mjs': REPORT,
    'src/report-doc.mjs': REPORT,
    'src/report-suggestion.mjs': REPORT,
    'src/tableau-api.ts': AXIOS_API,
  });
  eslint = new ESLint({ cwd: project.dir });
  editor = await EslintEditor.start(project.dir);
});

afterAll(async () => {
  await editor?.shutdown();
  project?.cleanup();
});

function openFile(relative: string, languageId: string): OpenDocument {
  const path = join(project.dir, relative);
  return editor.open(path, readFileSync(path, 'utf8'), languageId);
}

/** What `eslint` itself reports for the text (the CI view), as rule id, 1-based line and column. */
async function cliFindings(text: string, relative: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(project.dir, relative) });
  return result.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'}`);
}

function editorFindings(items: Diagnostic[]): string[] {
  return items.map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity === 1 ? 'error' : 'warning'}`);
}

function ours(items: Diagnostic[]): Diagnostic[] {
  return items.filter((d) => String(d.code).startsWith('tableau-rest/'));
}

/** The finding of `rule`, or a failure that shows what the editor got and what the server said. */
function finding(items: Diagnostic[], rule: string): Diagnostic {
  const found = items.find((d) => d.code === `tableau-rest/${rule}`);
  if (!found) throw new Error(`no tableau-rest/${rule} diagnostic; got ${JSON.stringify(items.map((d) => d.code))}. Server output:\n${editor.client.recentLog()}`);
  return found;
}

test('the server starts as VS Code starts it and offers pull diagnostics, quick fixes and fix-all', () => {
  const caps = editor.serverCapabilities;
  expect(caps.diagnosticProvider).toMatchObject({ identifier: 'eslint' });
  expect(caps.codeActionProvider?.codeActionKinds).toEqual(expect.arrayContaining(['quickfix', 'source.fixAll.eslint']));
  expect(caps.executeCommandProvider?.commands).toEqual(expect.arrayContaining(['eslint.applySuggestion', 'eslint.openRuleDoc']));
});

test('a JavaScript file shows our findings inline: rule id, severity, message, and a link to the rule page', async () => {
  const doc = openFile('src/report.mjs', 'javascript');
  const items = await editor.diagnostics(doc);
  const findings = ours(items);
  expect(findings.map((d) => d.code), editor.client.recentLog()).toEqual(['tableau-rest/handle-auth-errors', 'tableau-rest/no-stale-token']);
  for (const d of findings) {
    expect(d.source).toBe('eslint');
    expect(d.severity).toBe(1); // Error
    const rule = String(d.code).slice('tableau-rest/'.length);
    expect(d.codeDescription?.href).toBe(`${DOCS}${rule}.md`);
    expect(existsSync(join(REPO, 'rules', `${rule}.md`))).toBe(true); // the link goes to a page that exists
    expect(d.message).toMatch(/401/);
  }
  const stale = finding(findings, 'no-stale-token');
  // The squiggle is on the token that goes into the X-Tableau-Auth header.
  const line = doc.text.split('\n')[stale.range.start.line];
  expect(line.slice(stale.range.start.character, stale.range.end.character)).toBe('authToken');
  // The editor shows exactly what ESLint reports in CI.
  expect(editorFindings(items)).toEqual(await cliFindings(doc.text, 'src/report.mjs'));
});

test('"Show documentation" on a finding opens the rule page', async () => {
  const doc = openFile('src/report-doc.mjs', 'javascript');
  const stale = finding(await editor.diagnostics(doc), 'no-stale-token');
  const actions = await editor.quickFixes(doc, stale);
  const show = actions.find((a) => a.command?.command === 'eslint.openRuleDoc');
  expect(show?.title).toBe('Show documentation for tableau-rest/no-stale-token');
  await editor.execute(show!.command!);
  expect(editor.openedDocs.at(-1)).toBe(`${DOCS}no-stale-token.md`);
});

test("a suggestion is a quick fix: executing it makes the server apply the suggestion's edit, and the finding goes away", async () => {
  const doc = openFile('src/report-suggestion.mjs', 'javascript');
  const unchecked = finding(await editor.diagnostics(doc), 'handle-auth-errors');

  const actions = await editor.quickFixes(doc, unchecked);
  const suggestion = actions.find((a) => a.command?.command === 'eslint.applySuggestion');
  expect(suggestion?.title).toBe('Throw when Tableau answers 401. (tableau-rest/handle-auth-errors)');
  expect(suggestion?.kind).toBe('quickfix');
  // No autofix is offered for our findings: the quick fixes are the suggestion, disable comments and the doc.
  expect(actions.filter((a) => a.command?.command === 'eslint.applySingleFix')).toEqual([]);

  const edits = await editor.execute(suggestion!.command!);
  expect(edits).toHaveLength(1);
  const applied = applyTextEdits(doc.text, editsFor(edits[0], doc.uri));

  // The edit is ESLint's own suggestion for this finding, character for character.
  const [result] = await eslint.lintText(doc.text, { filePath: join(project.dir, 'src/report-suggestion.mjs') });
  const fromEslint = result.messages.find((m) => m.ruleId === 'tableau-rest/handle-auth-errors')!.suggestions![0];
  expect(fromEslint.desc).toBe('Throw when Tableau answers 401.');
  const expected = doc.text.slice(0, fromEslint.fix.range[0]) + fromEslint.fix.text + doc.text.slice(fromEslint.fix.range[1]);
  expect(applied).toBe(expected);
  expect(applied).toContain("if (res.status === 401) throw new Error('Tableau answered 401: the session has expired or was ended');");

  // After the editor applies it, the squiggle is gone and the other finding stays.
  editor.change(doc, applied);
  const after = ours(await editor.diagnostics(doc));
  expect(after.map((d) => d.code)).toEqual(['tableau-rest/no-stale-token']);
});

test('"Fix all" applies other rules\' autofixes and changes no Tableau auth or request code', async () => {
  const doc = openFile('src/report-fix-all.mjs', 'javascript');
  const before = await editor.diagnostics(doc);
  expect(before.map((d) => d.code)).toContain('curly');
  expect(ours(before).map((d) => d.code)).toEqual(['tableau-rest/handle-auth-errors', 'tableau-rest/no-stale-token']);

  const [fixAll] = await editor.fixAll(doc);
  expect(fixAll?.kind).toBe('source.fixAll.eslint');
  const fixed = applyTextEdits(doc.text, editsFor(fixAll.edit!, doc.uri));

  // The fix-all is exactly ESLint's --fix, and our rules contribute nothing to it: with our rules alone, --fix
  // changes nothing; with every rule but ours, it gives the same text.
  const filePath = join(project.dir, 'src/report-fix-all.mjs');
  const fixWith = async (ruleFilter: (rule: { ruleId: string }) => boolean) =>
    (await new ESLint({ cwd: project.dir, fix: true, ruleFilter }).lintText(doc.text, { filePath }))[0].output ?? doc.text;
  expect(await fixWith(({ ruleId }) => ruleId.startsWith('tableau-rest/'))).toBe(doc.text);
  expect(await fixWith(({ ruleId }) => !ruleId.startsWith('tableau-rest/'))).toBe(fixed);
  expect(fixed).not.toBe(doc.text); // `curly` did add braces

  // Every line that talks to Tableau is untouched, and every finding of ours is still there afterwards.
  const tableauLines = (text: string) => text.split('\n').filter((l) => /fetch\(|X-Tableau-Auth|\/auth\/signin|sites\/|authToken|siteId/.test(l));
  expect(tableauLines(fixed)).toEqual(tableauLines(doc.text));
  editor.change(doc, fixed);
  const after = await editor.diagnostics(doc);
  expect(after.map((d) => d.code)).not.toContain('curly');
  expect(ours(after).map((d) => [d.code, d.message])).toEqual(ours(before).map((d) => [d.code, d.message]));
});

test('a TypeScript file is linted through the config\'s TypeScript block, with its suggestion typed for TS', async () => {
  const doc = openFile('src/tableau-api.ts', 'typescript');
  const items = await editor.diagnostics(doc);
  expect(ours(items).map((d) => d.code), editor.client.recentLog()).toEqual(['tableau-rest/no-stale-token', 'tableau-rest/handle-auth-errors']);
  expect(editorFindings(items)).toEqual(await cliFindings(doc.text, 'src/tableau-api.ts'));

  const swallowed = finding(items, 'handle-auth-errors');
  const suggestion = (await editor.quickFixes(doc, swallowed)).find((a) => a.command?.command === 'eslint.applySuggestion');
  expect(suggestion?.title).toBe('Rethrow the error when Tableau answers 401. (tableau-rest/handle-auth-errors)');
  const [edit] = await editor.execute(suggestion!.command!);
  const applied = applyTextEdits(doc.text, editsFor(edit, doc.uri));
  expect(applied).toContain('if ((err as { response?: { status?: number } })?.response?.status === 401) throw err;');
  // Applied, it parses as TypeScript and the finding is gone.
  editor.change(doc, applied);
  expect(ours(await editor.diagnostics(doc)).map((d) => d.code)).toEqual(['tableau-rest/no-stale-token']);
});

// The extension's flat-config settings, against ESLint 10. `eslint.useFlatConfig` is ignored (ESLint 10 has only
// flat config); `eslint.experimental.useFlatConfig` makes the server ask for the FlatESLint class that ESLint 10
// removed, and the editor then shows nothing (why the README says to leave it off).
describe.each([
  { setting: 'eslint.useFlatConfig: false', overrides: { useFlatConfig: false }, works: true },
  { setting: 'eslint.useFlatConfig: true', overrides: { useFlatConfig: true }, works: true },
  { setting: 'eslint.validate listing the language (validate: on)', overrides: { validate: 'on' }, works: true },
  { setting: 'eslint.experimental.useFlatConfig: true', overrides: { experimental: { useFlatConfig: true } }, works: false },
])('with $setting', ({ setting, overrides, works }) => {
  test(works ? 'the findings show' : 'the editor shows nothing, and the server says why', async () => {
    const defaults = editor.settings;
    editor.settings = { ...defaults, ...overrides };
    editor.configurationChanged();
    try {
      const name = `src/settings-${setting.replace(/\W+/g, '-')}.mjs`;
      writeFileSync(join(project.dir, name), REPORT);
      const items = await editor.diagnostics(openFile(name, 'javascript'));
      if (works) {
        expect(ours(items).map((d) => d.code), editor.client.recentLog()).toEqual(['tableau-rest/handle-auth-errors', 'tableau-rest/no-stale-token']);
      } else {
        expect(items).toEqual([]);
        expect(editor.client.log.join('\n')).toMatch(/doesn't export a FlatESLint class/);
      }
    } finally {
      editor.settings = defaults;
      editor.configurationChanged();
    }
  });
});
