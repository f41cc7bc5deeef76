// A generated multi-app repository for the scale tests: hundreds of files in the shapes of examples/ (fetch
// scripts, axios modules, a CommonJS class client, a browser page; JavaScript and TypeScript), plus files that
// do not talk to Tableau at all. Read from examples/ at run time, so the fixtures follow the examples.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO } from '../helpers/project.js';

const example = (path: string) => readFileSync(join(REPO, 'examples', path), 'utf8');

const UNRELATED = `// Formats numbers for the report footer (no Tableau calls here).
export function formatCount(n) {
  return new Intl.NumberFormat('en-US').format(n);
}
`;

/** [file name in each app folder, source]: one shape per entry, cycled over the apps. */
function shapes(): Array<[string, string]> {
  return [
    ['report.mjs', example('fetch-esm/workbook-report.mjs')],
    ['tableau-api.mjs', example('axios-esm/tableau-api.mjs')],
    ['inventory.mjs', example('axios-esm/inventory.mjs')],
    ['tableau-client.cjs', example('class-cjs/tableau-client.js')],
    ['sync-users.cjs', example('class-cjs/sync-users.js')],
    ['dashboard.js', example('browser/dashboard.js')],
    ['tableau-api.ts', example('axios-esm/tableau-api.mjs')],
    ['report.mts', example('fetch-esm/workbook-report.mjs')],
    ['format.js', UNRELATED],
  ];
}

/** Writes `count` files under `dir/packages/app-<n>/src/`, returns their paths relative to `dir`. */
export function writeMonorepo(dir: string, count: number): string[] {
  const all = shapes();
  const written: string[] = [];
  for (let i = 0; i < count; i++) {
    const [name, source] = all[i % all.length];
    const app = Math.floor(i / all.length);
    // Vary the API version so no two apps are byte-identical (a cache keyed on content would notice).
    const text = `// packages/app-${app}: generated fixture ${i}\n${source.replaceAll('3.19', `3.${10 + (app % 15)}`)}`;
    const path = join('packages', `app-${app}`, 'src', name);
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    written.push(path);
  }
  writeFileSync(join(dir, 'package.json'), '{ "name": "tableau-monorepo", "private": true, "type": "module" }\n');
  return written;
}
