import { parseDuration, parseInteger, parseProbability, parseVerbArgs } from './args.js';
import { EXIT, UsageError } from './errors.js';
import type { Verb } from './verb.js';
import { DEFAULT_SITES, DEFAULT_TTL_MS, MAX_LATENCY_MS, SimulatorOptionError, startSimulator, type LogEntry, type SimulatorOptions } from '../simulator/index.js';
import { formatMs } from '../simulator/server.js';

const usage = `Usage: tableau-rest simulate [options]

Runs a local Tableau REST API auth simulator: sign-in (name/password, PAT, connected-app JWT), sessions that
expire, Tableau's error codes, seeded content with paging, and fault injection. Point your script at the URL it
prints to reproduce an expired-session 401 in seconds instead of hours.

The first line on stdout is "Tableau simulator listening on http://HOST:PORT"; then one line per request
(time, method, path, status, Tableau code, and why, never a token or secret). Configuration goes to stderr.
Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.

Server:
  --port N                    port to listen on (default 0: any free port)
  --host HOST                 interface to bind (default 127.0.0.1)
  --flavor server|cloud       server (default): 240m sessions, default site ""; cloud: 120m sessions,
                              a non-empty site is required

Sessions:
  --token-ttl DURATION        idle lifetime; each authenticated call resets it (default 240m, cloud 120m)
  --token-max-age DURATION    absolute cap from sign-in, whatever the activity (default: none)
  --expired-code CODE         401002 (default) or 401000: the code expired tokens get
                              (no token at all: 401000; signed-out, replaced or unknown tokens: 401002)

Credentials and sites (repeat each flag for more):
  --pat NAME:SECRET           accept a personal access token (split at the first colon: secrets may hold colons)
  --user NAME:PASSWORD        accept a name/password sign-in (also the JWT subjects allowed)
  --site CONTENT_URL          a site by content URL; --site "" is the default site
                              (default: "", marketing, finance; cloud: marketing, finance)
  Without --pat and --user, the demo credentials are accepted:
    PAT demo-pat / fake-pat-secret:with:colons, user demo-user / fake-password
  Connected-app JWTs are checked unsigned: only "sub" (a --user name, or anyone without --user) and "exp".

Tableau behaviours:
  --foreign-site-status 401|403
                              answer for a token used on another site's /sites/<id>/ (default 403, code 403000;
                              401 answers 401002)
  --allow-content-url-in-path accept the session's site content URL in /sites/<id>/ as well as its LUID
  --signin-redirect           answer the first sign-in with 301 to the other loopback origin
                              (127.0.0.1 <-> localhost), as Tableau Cloud pods do; the client must re-POST
  --signin-redirect-always    redirect every sign-in that does not arrive at localhost

Faults (seeded with --seed for repeatable runs):
  --rate-limit N/DURATION     at most N requests per sliding window (e.g. 100/1m); excess: 429, code 429000,
                              detail "Please retry after N minutes" (or seconds), and a Retry-After header
  --no-retry-after            omit the Retry-After header on 429s
  --fail-rate P               probability 0..1 that a request other than sign-in fails with --fail-status
  --fail-status STATUS        500 (default), 502, 503 or 504
  --fail-body mixed|html|tableau
                              failure bodies: HTML pages and Tableau error bodies alternating (default), or one kind
  --signin-fail-rate P        probability 0..1 that a sign-in fails with --fail-status
  --garbage-rate P            probability 0..1 that a request other than sign-in gets 200 with a body that is
                              neither XML nor JSON
  --drop-rate P               probability 0..1 that a request other than sign-in has its connection reset
  --latency DURATION          delay before every answer (e.g. 250ms; at most 2147483647ms, about 24.9 days)
  --seed N                    seed for the fault dice (same seed, same request order: same faults)

Output:
  --quiet                     no per-request lines (the first line is still printed)

Durations need a unit: ms, s, m or h (300ms, 5s, 240m, 2h); a bare number is an error.

Control endpoints (not counted, never faulted):
  GET  /__sim/stats           {"signIns","failedSignIns","switchSites","signOuts","requests","unauthorized",
                               "forbidden","activeSessions"}
  POST /__sim/expire          end every session now, as expired
  POST /__sim/reset           zero the counters, end all sessions, restore seeded content

Examples:
  tableau-rest simulate --port 8900 --token-ttl 30s
  tableau-rest simulate --pat ci-bot:fake-secret --site finance --flavor cloud --fail-rate 0.1 --seed 7

Exit codes: 0 stopped by a signal, 2 bad flag or port in use.`;

/** Library option names as the user typed them on the command line, for error messages. */
const FLAG_FOR_OPTION: Record<string, string> = {
  port: '--port',
  host: '--host',
  flavor: '--flavor',
  tokenTtlMs: '--token-ttl',
  tokenMaxAgeMs: '--token-max-age',
  pats: '--pat',
  users: '--user',
  sites: '--site',
};

export const simulateVerb: Verb = {
  name: 'simulate',
  summary: 'run a local Tableau auth simulator (sign-in, expiry, errors, faults)',
  usage,
  async run(argv) {
    const options = toOptions(argv);
    const quiet = options.quiet;
    delete options.quiet;

    // The first stdout line is a contract; request lines wait until it is out.
    let ready = false;
    const pending: string[] = [];
    const print = (line: string) => {
      if (ready) process.stdout.write(`${line}\n`);
      else pending.push(line);
    };
    // A reader that goes away (`| head -1`) must not turn into a crash.
    process.stdout.on('error', () => {});

    let sim: Awaited<ReturnType<typeof startSimulator>>;
    try {
      sim = await startSimulator({ ...options, log: quiet ? undefined : (entry) => print(formatLogLine(entry)) });
    } catch (error) {
      if (error instanceof SimulatorOptionError) {
        const flag = FLAG_FOR_OPTION[error.option.replace(/\[.*$/, '')];
        const message = error.message.replace(/^startSimulator: /, '');
        throw new UsageError(`simulate: ${flag ? message.replace(error.option, flag) : message}`);
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new UsageError(`simulate: ${(error as Error).message}; choose another --port (--port 0 picks a free one)`);
      }
      if (code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        throw new UsageError(`simulate: ${(error as Error).message}`);
      }
      throw error;
    }

    process.stdout.write(`Tableau simulator listening on ${sim.url}\n`);
    ready = true;
    for (const line of pending.splice(0)) process.stdout.write(`${line}\n`);
    process.stderr.write(describeConfig(options, sim.url));

    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.stderr.write(`Tableau simulator stopping (${signal})\n`);
        sim.close().then(
          () => resolve(EXIT.ok),
          () => resolve(EXIT.ok),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};

type CliOptions = SimulatorOptions & { quiet?: boolean };

/** Flags to library options. Every value is checked here, so a mistake is one line naming the flag. */
export function toOptions(argv: string[]): CliOptions {
  const { values, positionals } = parseVerbArgs('simulate', {
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      flavor: { type: 'string' },
      'token-ttl': { type: 'string' },
      'token-max-age': { type: 'string' },
      'expired-code': { type: 'string' },
      pat: { type: 'string', multiple: true },
      user: { type: 'string', multiple: true },
      site: { type: 'string', multiple: true },
      'foreign-site-status': { type: 'string' },
      'allow-content-url-in-path': { type: 'boolean' },
      'signin-redirect': { type: 'boolean' },
      'signin-redirect-always': { type: 'boolean' },
      'rate-limit': { type: 'string' },
      'no-retry-after': { type: 'boolean' },
      'fail-rate': { type: 'string' },
      'fail-status': { type: 'string' },
      'fail-body': { type: 'string' },
      'signin-fail-rate': { type: 'string' },
      'garbage-rate': { type: 'string' },
      'drop-rate': { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`simulate: unexpected argument "${positionals[0]}" (simulate takes only flags; see --help)`);
  const v = values;
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`simulate: ${error.message}`);
      throw error;
    }
  };
  const choice = <T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw new UsageError(`simulate: ${flag} expects ${allowed.join(' or ')}; got "${value}"`);
    }
    return value as T;
  };
  const duration = (flag: string, value: string | undefined, { allowZero = false, max }: { allowZero?: boolean; max?: number } = {}) => {
    if (value === undefined) return undefined;
    const ms = wrap(() => parseDuration(flag, value));
    if (ms === 0 && !allowZero) throw new UsageError(`simulate: ${flag} must be longer than 0; got "${value}"`);
    if (max !== undefined && !(ms <= max)) {
      throw new UsageError(`simulate: ${flag} must be at most ${max}ms (about ${(max / 86_400_000).toFixed(1)} days); got "${value}"`);
    }
    if (!Number.isFinite(ms)) throw new UsageError(`simulate: ${flag} is too long; got "${value}"`);
    return ms;
  };
  const probability = (flag: string, value: string | undefined) => (value === undefined ? undefined : wrap(() => parseProbability(flag, value)));
  const pair = (flag: string, value: string, what: string) => {
    const colon = value.indexOf(':');
    if (colon <= 0 || colon === value.length - 1) {
      // Never echo the value: it holds a secret.
      throw new UsageError(`simulate: ${flag} expects NAME:${what} with both parts non-empty (split at the first colon)`);
    }
    return [value.slice(0, colon), value.slice(colon + 1)] as const;
  };

  const options: CliOptions = {};
  if (v.port !== undefined) options.port = wrap(() => parseInteger('--port', v.port as string, { min: 0, max: 65535 }));
  if (v.host !== undefined) {
    if (v.host.trim() === '') throw new UsageError('simulate: --host expects an interface address such as 127.0.0.1');
    options.host = v.host;
  }
  options.flavor = choice('--flavor', v.flavor, ['server', 'cloud'] as const);
  options.tokenTtlMs = duration('--token-ttl', v['token-ttl']);
  options.tokenMaxAgeMs = duration('--token-max-age', v['token-max-age']);
  options.expiredCode = choice('--expired-code', v['expired-code'], ['401002', '401000'] as const);
  if (v.pat) {
    options.pats = v.pat.map((p) => {
      const [name, secret] = pair('--pat', p, 'SECRET');
      return { name, secret };
    });
  }
  if (v.user) {
    options.users = v.user.map((u) => {
      const [name, password] = pair('--user', u, 'PASSWORD');
      return { name, password };
    });
  }
  if (v.site) options.sites = v.site;
  const foreign = choice('--foreign-site-status', v['foreign-site-status'], ['403', '401'] as const);
  if (foreign !== undefined) options.foreignSiteStatus = Number(foreign) as 401 | 403;
  if (v['allow-content-url-in-path']) options.allowContentUrlInPath = true;
  if (v['signin-redirect'] && v['signin-redirect-always']) {
    throw new UsageError('simulate: use either --signin-redirect (first sign-in only) or --signin-redirect-always, not both');
  }
  if (v['signin-redirect']) options.signinRedirect = 'first';
  if (v['signin-redirect-always']) options.signinRedirect = 'always';

  if (v['rate-limit'] !== undefined) {
    const match = /^(\d+)\/(.+)$/.exec(v['rate-limit'].trim());
    if (!match || Number(match[1]) < 1) {
      throw new UsageError(`simulate: --rate-limit expects N/DURATION with N at least 1, such as 100/1m; got "${v['rate-limit']}"`);
    }
    const windowMs = duration('--rate-limit window', match[2]) as number;
    options.rateLimit = { limit: Number(match[1]), windowMs, retryAfterHeader: !v['no-retry-after'] };
  } else if (v['no-retry-after']) {
    throw new UsageError('simulate: --no-retry-after only applies with --rate-limit');
  }
  options.failRate = probability('--fail-rate', v['fail-rate']);
  options.signinFailRate = probability('--signin-fail-rate', v['signin-fail-rate']);
  if (v['fail-status'] !== undefined) {
    options.failStatus = Number(choice('--fail-status', v['fail-status'], ['500', '502', '503', '504'] as const));
  }
  options.failBody = choice('--fail-body', v['fail-body'], ['mixed', 'html', 'tableau'] as const);
  if ((v['fail-status'] !== undefined || v['fail-body'] !== undefined) && v['fail-rate'] === undefined && v['signin-fail-rate'] === undefined) {
    throw new UsageError('simulate: --fail-status and --fail-body only apply with --fail-rate or --signin-fail-rate');
  }
  options.garbageRate = probability('--garbage-rate', v['garbage-rate']);
  options.dropRate = probability('--drop-rate', v['drop-rate']);
  options.latencyMs = duration('--latency', v.latency, { allowZero: true, max: MAX_LATENCY_MS });
  if (v.seed !== undefined) options.seed = wrap(() => parseInteger('--seed', v.seed as string, { min: 0, max: 2 ** 32 - 1 }));
  if (v.quiet) options.quiet = true;

  for (const key of Object.keys(options) as (keyof CliOptions)[]) if (options[key] === undefined) delete options[key];
  return options;
}

/** One stdout line per request: time, method, path, status, Tableau code, duration, fault and reason. No token, no secret. */
export function formatLogLine(entry: LogEntry): string {
  const status = entry.status === null ? 'RESET' : String(entry.status);
  const fault = entry.fault ? ` [${entry.fault}]` : '';
  const reason = entry.reason ? ` (${entry.reason})` : '';
  return `${entry.time} ${entry.method} ${entry.path} ${status} ${entry.code ?? '-'} ${entry.durationMs}ms${fault}${reason}`;
}

function describeConfig(options: SimulatorOptions, url: string): string {
  const flavor = options.flavor ?? 'server';
  const ttl = options.tokenTtlMs ?? DEFAULT_TTL_MS[flavor];
  const cap = options.tokenMaxAgeMs === undefined ? '' : ` or ${formatMs(options.tokenMaxAgeMs)} after sign-in`;
  const credentials =
    options.pats || options.users
      ? [...(options.pats ?? []).map((p) => `PAT "${p.name}"`), ...(options.users ?? []).map((u) => `user "${u.name}"`)].join(', ')
      : 'demo (PAT "demo-pat", user "demo-user"; their fake secrets are in --help and the README)';
  return [
    `  flavor ${flavor}; sessions end after ${formatMs(ttl)} idle${cap}`,
    `  sites: ${(options.sites ?? DEFAULT_SITES[flavor]).map((s) => JSON.stringify(s)).join(', ')}`,
    `  credentials: ${credentials}`,
    `  sign in: POST ${url}/api/3.22/auth/signin   stats: GET ${url}/__sim/stats   expire all: POST ${url}/__sim/expire`,
    '',
  ].join('\n');
}
