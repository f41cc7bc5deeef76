// A user's script, run as a child process by the robustness suites: it imports the GENERATED wrapper
// (./tableau-session.mjs, written beside it by the generator), runs the steps of a scenario and prints one JSON
// object: what every caller got (a Response or an error) and every event. Events also go to stderr, one line each,
// as a user's log would. Tokens the server issued are written to TOKENS_FILE (not to stdout/stderr), so the test
// can look for them in everything else. If a caller's promise never settled, the top-level await below leaves
// Node with nothing to do and it exits with code 13: a silently dropped request cannot pass unnoticed.
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createTableauSession } from './tableau-session.mjs';

const scenario = JSON.parse(process.env.SCENARIO ?? '{}');
const tokensFile = process.env.TOKENS_FILE;
const events = [];

function noteTokens(text) {
  if (!tokensFile) return;
  for (const match of text.matchAll(/token="([^"]+)"|"token"\s*:\s*"([^"]+)"/g)) appendFileSync(tokensFile, `${match[1] ?? match[2]}\n`);
}

// The user's fetch: global fetch, plus a note of every token in a sign-in or switchSite answer.
const recordingFetch = async (url, init) => {
  const response = await fetch(url, init);
  if (/\/auth\/(signin|switchsite)/i.test(url)) noteTokens(await response.clone().text().catch(() => ''));
  return response;
};

const sessions = {};
function session(name = 'main') {
  if (!sessions[name]) {
    const options = scenario.sessions?.[name] ?? {};
    sessions[name] = createTableauSession({
      ...options,
      fetch: recordingFetch,
      onEvent: (event) => {
        events.push({ session: name, ...event });
        console.error(`event ${JSON.stringify(event)}`);
      },
    });
  }
  return sessions[name];
}

function describeError(error) {
  return {
    error: {
      class: error?.constructor?.name,
      name: error?.name,
      message: String(error?.message ?? error),
      stack: String(error?.stack ?? ''),
      json: JSON.stringify(error),
      status: error?.status,
      code: error?.code,
      option: error?.option,
    },
  };
}

async function call(spec) {
  const s = session(spec.session);
  let signal;
  if (spec.abortAfterMs !== undefined) {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), spec.abortAfterMs);
    signal = controller.signal;
  }
  try {
    const response = await s.fetch(spec.url, {
      method: spec.method ?? 'GET',
      headers: spec.headers,
      body: spec.body,
      signal,
    });
    const text = await response.text();
    return { status: response.status, body: text.slice(0, 400) };
  } catch (error) {
    return describeError(error);
  }
}

const results = [];
for (const step of scenario.steps ?? []) {
  if (step.requests) {
    const settled = await Promise.allSettled(step.requests.map((spec) => call(spec)));
    results.push(settled.map((r) => (r.status === 'fulfilled' ? r.value : describeError(r.reason))));
  } else if (step.signIn) {
    results.push(await session(step.signIn).signIn().then(() => ({ ok: true }), describeError));
  } else if (step.signOut) {
    results.push(await session(step.signOut).signOut().then(() => ({ ok: true }), describeError));
  } else if (step.post) {
    results.push({ status: (await fetch(step.post, { method: 'POST' })).status });
  } else if (step.otherProcessSignIn) {
    // Another process signs in with the same PAT: on Tableau that ends this PAT's earlier session.
    const script = `const r = await fetch(process.argv[1], { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: process.argv[2] }); process.stdout.write(await r.text());`;
    const answer = execFileSync(process.execPath, ['--input-type=module', '-e', script, step.otherProcessSignIn.url, JSON.stringify({ credentials: step.otherProcessSignIn.credentials })], { encoding: 'utf8' });
    noteTokens(answer);
    results.push({ otherProcess: answer.includes('"token"') ? 'signed in' : 'failed' });
  } else if (step.create) {
    results.push(await Promise.resolve().then(() => session(step.create)).then(() => ({ ok: true }), describeError));
  }
}
console.log(JSON.stringify({ results, events, server: Object.fromEntries(Object.entries(sessions).map(([name, s]) => [name, s.server])) }));
