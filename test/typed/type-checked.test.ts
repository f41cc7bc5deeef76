import { ESLint } from 'eslint';
import { join, relative } from 'node:path';
import plugin from '../../src/index.js';

const PROJECT = join(import.meta.dirname, '../fixtures/typed-project');

async function findings(config: 'recommended' | 'recommended-type-checked', file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: PROJECT, overrideConfigFile: true, overrideConfig: plugin.configs[config] });
  const [result] = await eslint.lintFiles([join('src', file)]);
  return result.messages.map((m) => `${relative(PROJECT, result.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.messageId ?? m.message}`);
}

describe('recommended-type-checked (projectService on a TypeScript project)', () => {
  it('gives the same answers as the untyped config where the syntax sees everything', async () => {
    const typed = await findings('recommended-type-checked', 'same-module.ts');
    const untyped = await findings('recommended', 'same-module.ts');
    expect(typed).toEqual(untyped);
    expect(typed).toEqual([
      'src/same-module.ts:13:21 tableau-rest/handle-auth-errors uncheckedResponse',
      // (authToken is not reported: users() signs in again from its catch, a refresh path for the module)
      'src/same-module.ts:19:46 tableau-rest/no-foreign-site envSite',
      'src/same-module.ts:21:11 tableau-rest/reauth-only-on-401 reauthWithout401',
    ]);
  }, 60_000);

  it('sees across modules: an imported stored or static token, an axios instance passed in, a helper returning Response', async () => {
    expect(await findings('recommended', 'cross-module.ts')).toEqual([]);
    expect(await findings('recommended-type-checked', 'cross-module.ts')).toEqual([
      // `token` is an exported `let` of ./auth.js, which never signs in again
      'src/cross-module.ts:10:94 tableau-rest/no-stale-token storedToken',
      // STATIC_TOKEN is read from the environment in ./auth.js
      'src/cross-module.ts:16:90 tableau-rest/no-stale-token staticToken',
      // (flows: ./refreshing-auth.js re-signs in on 401, so its token is not reported)
      // an AxiosInstance parameter is still axios: the catch swallows its 401
      'src/cross-module.ts:30:5 tableau-rest/handle-auth-errors swallowedError',
      // tableauGet returns a fetch Response, read without a status check
      'src/cross-module.ts:36:21 tableau-rest/handle-auth-errors uncheckedResponse',
      // the same helper as a method named like a client's (`tableauHttp.fetch`): no axios reading fits, its type does
      'src/cross-module.ts:41:21 tableau-rest/handle-auth-errors uncheckedResponse',
    ]);
  }, 60_000);
});
