// Measurement 4: requests per second through the generated wrapper's session.fetch against raw fetch, to the
// simulator on 127.0.0.1, in the same run: rounds alternate between the two, each round a fixed number of GETs
// at a fixed concurrency, and each session round is compared with the raw round next to it.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { cpuMs, emit, fmtInt, fmtPct, gc, median, mdTable, parseArgs, passMiss } from '../lib/common.mjs';
import { BENCH_DIR, CORPUS_ROOT, dist } from '../lib/paths.mjs';

const options = parseArgs();
const CONCURRENCY = 16;
const perRound = options.quick ? 600 : 3000;
const pairs = options.runs ?? (options.quick ? 2 : 9);
const warmups = options.quick ? 1 : 2;
const API = '3.22';

// The wrapper as users get it: the ESM variant written by the generator.
const { renderWrapper } = await import(dist.session);
const wrapperDir = join(CORPUS_ROOT, 'wrapper');
mkdirSync(wrapperDir, { recursive: true });
const wrapperFile = join(wrapperDir, 'tableau-session.mjs');
writeFileSync(wrapperFile, renderWrapper({ language: 'js', module: 'esm' }));
const { createTableauSession } = await import(pathToFileURL(wrapperFile).href);

const child = spawn(process.execPath, [join(BENCH_DIR, 'lib', 'simulator-child.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
const { url } = JSON.parse(await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
}));

try {
  // Raw: sign in by hand once (name/password, so it does not share the session's PAT) and reuse the token.
  const signIn = await fetch(`${url}/api/${API}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ credentials: { name: 'demo-user', password: 'fake-password', site: { contentUrl: '' } } }),
  });
  if (!signIn.ok) throw new Error(`raw sign-in: HTTP ${signIn.status}`);
  const { credentials } = await signIn.json();
  const rawUrl = `${url}/api/${API}/sites/${credentials.site.id}/projects`;
  const rawHeaders = { 'X-Tableau-Auth': credentials.token, Accept: 'application/json' };

  const session = createTableauSession({
    server: url,
    apiVersion: API,
    credentials: { personalAccessTokenName: 'demo-pat', personalAccessTokenSecret: 'fake-pat-secret:with:colons', site: { contentUrl: '' } },
  });
  await session.signIn();
  const sessionUrl = `${url}/api/${API}/sites/${session.siteId}/projects`;

  const modes = {
    raw: () => fetch(rawUrl, { headers: rawHeaders }),
    session: () => session.fetch(sessionUrl, { headers: { Accept: 'application/json' } }),
  };

  async function round(mode, n) {
    const request = modes[mode];
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < n) {
        next++;
        const res = await request();
        await res.arrayBuffer();
        if (!res.ok) failed++;
      }
    };
    gc();
    const c0 = cpuMs();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - t0) / 1000;
    if (failed) throw new Error(`${mode}: ${failed} of ${n} requests failed`);
    return { rps: n / seconds, cpuPerRequest: (cpuMs() - c0) / n };
  }

  for (let i = 0; i < warmups; i++) {
    await round('raw', perRound);
    await round('session', perRound);
  }
  const rounds = { raw: [], session: [] };
  const ratios = [];
  const cpuRatios = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? ['raw', 'session'] : ['session', 'raw'];
    const got = {};
    for (const mode of order) got[mode] = await round(mode, perRound);
    rounds.raw.push(got.raw);
    rounds.session.push(got.session);
    ratios.push(got.session.rps / got.raw.rps);
    cpuRatios.push(got.session.cpuPerRequest / got.raw.cpuPerRequest);
  }
  const ratio = median(ratios);
  const rawRps = median(rounds.raw.map((r) => r.rps));
  const sessionRps = median(rounds.session.map((r) => r.rps));
  const rawCpu = median(rounds.raw.map((r) => r.cpuPerRequest));
  const sessionCpu = median(rounds.session.map((r) => r.cpuPerRequest));
  const stats = await (await fetch(`${url}/__sim/stats`)).json().catch(() => undefined);

  emit(options, {
    id: 4,
    title: 'Wrapper overhead',
    rows: [
      {
        id: 4,
        what: `Wrapper: session.fetch vs raw fetch, requests/s (GET, concurrency ${CONCURRENCY}, simulator on 127.0.0.1)`,
        ours: `${fmtInt(sessionRps)}/s`,
        baseline: `${fmtInt(rawRps)}/s`,
        ratio: fmtPct(ratio, false),
        goal: '>= 95%',
        result: passMiss(ratio >= 0.95),
      },
      {
        id: 4,
        what: 'Wrapper: client CPU time per request, session.fetch vs raw fetch',
        ours: `${(sessionCpu * 1000).toFixed(0)} us`,
        baseline: `${(rawCpu * 1000).toFixed(0)} us`,
        ratio: `${fmtPct(median(cpuRatios) - 1)}`,
        goal: '',
        result: 'info',
      },
    ],
    corpus: `Wrapper: the ESM variant from \`renderWrapper({ language: 'js', module: 'esm' })\` written to \`${wrapperFile}\` and imported; the simulator (\`startSimulator()\`, default options, no request log) in a child process; every request is \`GET /api/${API}/sites/{siteId}/projects\` with \`Accept: application/json\`, its body read in full; raw fetch reuses a token signed in by hand, session.fetch signs in once with the demo PAT. Both use Node's global fetch (undici) with its keep-alive pool.`,
    details: [
      `${pairs} pairs of rounds of ${fmtInt(perRound)} requests at concurrency ${CONCURRENCY} (raw and session alternate which goes first), after ${warmups} warm-up round(s) each. The ratio is the median of the per-pair ratios. Client CPU per request is the benchmark process's CPU time (the simulator runs in its own process).`,
      '',
      mdTable(
        ['round', 'raw fetch req/s', 'session.fetch req/s', 'ratio', 'raw CPU/req', 'session CPU/req'],
        rounds.raw.map((r, i) => [
          String(i + 1),
          fmtInt(r.rps),
          fmtInt(rounds.session[i].rps),
          fmtPct(ratios[i], false),
          `${(r.cpuPerRequest * 1000).toFixed(0)} us`,
          `${(rounds.session[i].cpuPerRequest * 1000).toFixed(0)} us`,
        ]),
      ),
      '',
      stats ? `Simulator counters after the run: ${fmtInt(stats.requests)} requests, ${stats.signIns} sign-ins, ${stats.unauthorized} answered 401.` : '',
    ].join('\n'),
    raw: { ratios, rounds },
  });
} finally {
  child.stdin.end();
  child.kill('SIGTERM');
}
