#!/usr/bin/env node
import { EXIT, UsageError } from './errors.js';
import type { Verb } from './verb.js';
import { packageInfo } from '../package-info.js';

const pkg = packageInfo();

// Verbs are loaded lazily: `simulate` should not pay for loading ESLint, nor `lint` for jscodeshift.
const verbs: Record<string, () => Promise<Verb>> = {
  lint: async () => (await import('./lint.js')).lintVerb,
  fix: async () => (await import('./fix.js')).fixVerb,
  init: async () => (await import('./init.js')).initVerb,
  simulate: async () => (await import('./simulate.js')).simulateVerb,
};

const summaries: Record<string, string> = {
  lint: 'find Tableau REST calls that break when the session token expires',
  fix: 'rewrite legacy Tableau calls onto the generated session wrapper (codemod)',
  init: 'generate the session wrapper into this project',
  simulate: 'run a local Tableau auth simulator (sign-in, expiry, errors, faults)',
};

const topHelp = `Usage: tableau-rest <command> [options]

Commands:
${Object.entries(summaries)
  .map(([name, summary]) => `  ${name.padEnd(10)}${summary}`)
  .join('\n')}

Options:
  --help      show help (also: tableau-rest <command> --help)
  --version   print the version

Exit codes: 0 success, 1 findings or failed files, 2 usage error or bad input, 3 internal error.`;

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    console.log(topHelp);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    console.log(pkg.version);
    return EXIT.ok;
  }
  const load = verbs[first];
  if (!load) throw new UsageError(`unknown command "${first}"; expected one of: ${Object.keys(verbs).join(', ')}`);
  const verb = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(verb.usage);
    return EXIT.ok;
  }
  if (rest.includes('--version')) {
    console.log(pkg.version);
    return EXIT.ok;
  }
  return verb.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`tableau-rest: ${error.message}`);
      process.exitCode = EXIT.usage;
      return;
    }
    console.error(`tableau-rest: internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.TABLEAU_REST_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = EXIT.internal;
  },
);
