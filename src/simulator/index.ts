/**
 * A local Tableau REST API auth simulator: sign-in (password, PAT, connected-app JWT), sessions that expire,
 * Tableau's error codes, seeded content with paging, and fault injection. Start it from tests or scripts:
 *
 *   import { startSimulator } from 'eslint-plugin-tableau-rest/simulator';
 *   const sim = await startSimulator({ tokenTtlMs: 2000 });
 *   // point your client at `${sim.url}/api/3.22/...`, then:
 *   await sim.close();
 */
import { resolveOptions, type SimulatorOptions } from './options.js';
import { SimulatorServer, type SimulatorStats } from './server.js';

export {
  DEFAULT_SITES,
  DEFAULT_TTL_MS,
  DEMO_CREDENTIALS,
  MAX_LATENCY_MS,
  SimulatorOptionError,
  type ExpiredCode,
  type FailBody,
  type Fault,
  type FaultRequest,
  type Flavor,
  type ForeignSiteStatus,
  type LogEntry,
  type PatCredential,
  type RateLimit,
  type SigninRedirect,
  type SimulatorOptions,
  type UserCredential,
} from './options.js';
export type { SimulatorStats } from './server.js';
export { siteLuid } from './resources.js';

export interface Simulator {
  /** Base URL, `http://HOST:PORT` (no trailing slash). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The counters, synchronously: the same object `GET /__sim/stats` returns. */
  stats(): SimulatorStats;
  /** Ends every session now, as if each had expired (their tokens get the expired code). */
  expireAll(): void;
  /** Zeroes the counters, ends all sessions, restores the seeded content and the sign-in redirect. */
  reset(): void;
  /** Stops listening and ends open connections (keep-alive included), so the process can exit. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the simulator and resolves once it listens. Rejects with `SimulatorOptionError` for a bad option, or with
 * the listen error (`code` 'EADDRINUSE' when the port is taken).
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const resolved = resolveOptions(options);
  const server = new SimulatorServer(resolved);
  const port = await server.listen();
  const hostInUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${hostInUrl}:${port}`,
    host: resolved.host,
    port,
    stats: () => server.stats(),
    expireAll: () => server.expireAll(),
    reset: () => server.reset(),
    close: () => (closed ??= server.close()),
  };
}
