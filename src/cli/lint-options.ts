// ESLint options for `tableau-rest lint` in a project without an eslint.config.*, as a module ESLint loads by URL
// (`ESLint.fromOptionsModule`). With `--concurrency`, ESLint hands its options to worker threads, and options that
// hold a plugin object cannot be cloned ("The option overrideConfig cannot be cloned"); from a module URL, each
// worker imports the same options itself. The values of one run come in the URL's query, so the main thread and
// every worker build identical options.
import plugin from '../index.js';

const query = new URL(import.meta.url).searchParams;
const concurrency = query.get('concurrency');

export default {
  cwd: query.get('cwd') ?? process.cwd(),
  errorOnUnmatchedPattern: false,
  // Files `tableau-rest lint` already named as unreadable, binary or too large.
  ignorePatterns: query.getAll('ignore'),
  cache: query.get('cache') === '1',
  ...(concurrency ? { concurrency: /^\d+$/.test(concurrency) ? Number(concurrency) : concurrency } : {}),
  overrideConfigFile: true,
  overrideConfig: [{ ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**'] }, ...plugin.configs.recommended],
};

