// Builds everything the package ships into dist/ (run by `prepare`, so `npm ci` leaves it importable).
// 1. tsc: src/ and rules/ as ESM with declarations.
// 2. esbuild: each codemods/<name>.ts as one self-contained CommonJS file, because jscodeshift's
//    workers cannot load ESM transforms (they then report "0 ok" and exit 0).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const step = (name, fn) => {
  const t = Date.now();
  fn();
  if (process.env.BUILD_VERBOSE) console.log(`build: ${name} ${Date.now() - t} ms`);
};

step('clean', () => rmSync(join(root, 'dist'), { recursive: true, force: true }));

step('tsc', () =>
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  }),
);

// Generation steps (scripts/build-steps/*.mjs, default export (root) => void), run after tsc in name order.
const generators = join(root, 'scripts', 'build-steps');
if (existsSync(generators)) {
  for (const file of readdirSync(generators).filter((f) => f.endsWith('.mjs')).sort()) {
    const mod = await import(join(generators, file));
    step(file, () => mod.default(root));
  }
}

const codemods = readdirSync(join(root, 'codemods')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
if (codemods.length > 0) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: codemods.map((f) => join(root, 'codemods', f)),
    outdir: join(root, 'dist', 'codemods'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    // Shared src/ modules may locate package files from import.meta.url; give the CJS bundle a real one.
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
  });
}

const cli = join(root, 'dist', 'src', 'cli', 'main.js');
if (existsSync(cli)) chmodSync(cli, 0o755);
