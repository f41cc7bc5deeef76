import { ESLint } from 'eslint';
import { join, relative } from 'node:path';
import plugin from '../../src/index.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');

test('linting examples/ finds exactly the legacy problems each app was written to show', async () => {
  const eslint = new ESLint({ cwd: EXAMPLES, overrideConfigFile: true, overrideConfig: plugin.configs.recommended });
  const results = await eslint.lintFiles(['.']);
  const findings = results.flatMap((r) =>
    r.messages.map((m) => `${relative(EXAMPLES, r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.messageId} ${m.severity === 1 ? 'warn' : 'error'}`),
  );
  expect(findings).toEqual([
    // axios instance: the token is put on the instance defaults at sign-in; a catch turns a 401 into [].
    'axios-esm/tableau-api.mjs:19:51 tableau-rest/no-stale-token storedToken error',
    'axios-esm/tableau-api.mjs:32:12 tableau-rest/handle-auth-errors swallowedError error',
    // browser kiosk page: every other problem the rules know.
    'browser/dashboard.js:11:68 tableau-rest/no-hardcoded-credentials hardcodedSecret error',
    'browser/dashboard.js:18:3 tableau-rest/handle-auth-errors uncheckedResponse error',
    'browser/dashboard.js:19:10 tableau-rest/no-foreign-site literalSite warn',
    'browser/dashboard.js:20:34 tableau-rest/no-stale-token staticToken error',
    'browser/dashboard.js:28:20 tableau-rest/no-foreign-site literalSite warn',
    'browser/dashboard.js:29:42 tableau-rest/no-stale-token staticToken error',
    'browser/dashboard.js:32:29 tableau-rest/reauth-only-on-401 reauthWithout401 error',
    'browser/dashboard.js:32:51 tableau-rest/reauth-only-on-401 unboundedRetry error',
    // CommonJS class client: the token lives on the instance.
    'class-cjs/tableau-client.js:31:36 tableau-rest/no-stale-token storedToken error',
    // ESM fetch script: a module-level token, and a response read without a status check.
    'fetch-esm/workbook-report.mjs:32:21 tableau-rest/handle-auth-errors uncheckedResponse error',
    'fetch-esm/workbook-report.mjs:33:34 tableau-rest/no-stale-token storedToken error',
  ]);
});
