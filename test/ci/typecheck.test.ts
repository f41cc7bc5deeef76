// The whole repository type-checks (tests, benchmark and scripts too, with unused locals refused): the build checks
// only src/ and rules/, so without this a type error in a test or in bench/ would reach main unnoticed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from '../helpers/project.js';

describe('npm run typecheck', () => {
  it('passes: tsc -p tsconfig.json reports nothing', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.json'), '--noEmit'], { cwd: REPO, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
