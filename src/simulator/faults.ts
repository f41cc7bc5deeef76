/** Fault injection: the sliding-window rate limiter and the per-request fault decision. */
import type { Fault, FaultRequest, ResolvedOptions } from './options.js';

/** Sliding-window log: at most `limit` admitted requests in any `windowMs`. */
export class RateLimiter {
  private admitted: number[] = [];
  private head = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Admits the request (returns undefined) or returns the wait in ms until a slot frees. */
  take(now: number): number | undefined {
    while (this.head < this.admitted.length && this.admitted[this.head] <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.admitted.length) {
      this.admitted = this.admitted.slice(this.head);
      this.head = 0;
    }
    if (this.admitted.length - this.head < this.limit) {
      this.admitted.push(now);
      return undefined;
    }
    return Math.max(1, this.admitted[this.head] + this.windowMs - now);
  }

  reset(): void {
    this.admitted = [];
    this.head = 0;
  }
}

/**
 * Decides the fault for one request. Order: the `fault` callback (when it returns one), then the rate limit (every
 * API request, sign-in included), then one die per enabled random fault, in this order: sign-in failure (sign-in
 * only); drop, failure, garbage (every other request). A `random` that returns 0 therefore picks the first enabled one.
 */
export function decideFault(
  options: ResolvedOptions,
  limiter: RateLimiter | undefined,
  request: FaultRequest,
  now: number,
): Fault | undefined {
  const forced = options.fault?.(request);
  if (forced !== undefined) return forced;
  if (limiter !== undefined && options.rateLimit !== undefined) {
    const waitMs = limiter.take(now);
    if (waitMs !== undefined) {
      return { kind: 'rateLimit', retryAfterSeconds: Math.ceil(waitMs / 1000), header: options.rateLimit.retryAfterHeader };
    }
  }
  const roll = (p: number): boolean => p > 0 && options.random() < p;
  if (request.endpoint === 'auth/signin') {
    if (roll(options.signinFailRate)) return { kind: 'status', status: options.failStatus };
    return undefined;
  }
  if (roll(options.dropRate)) return { kind: 'drop' };
  if (roll(options.failRate)) return { kind: 'status', status: options.failStatus };
  if (roll(options.garbageRate)) return { kind: 'garbage' };
  return undefined;
}

/**
 * Tableau's wording, "Please retry after N minutes." (always plural, so one pattern parses it), or "N seconds" when
 * the wait is under a minute (a simulator with a 1 s window should not ask for a whole minute).
 */
export function retryAfterDetail(seconds: number): string {
  return seconds >= 60 ? `Please retry after ${Math.ceil(seconds / 60)} minutes.` : `Please retry after ${seconds} seconds.`;
}

export function htmlErrorPage(status: number, reason: string): string {
  return `<!DOCTYPE html>
<html><head><title>${status} ${reason}</title></head>
<body><h1>${status} ${reason}</h1><p>The server encountered a temporary error and could not complete your request.</p>
<hr><address>simulated gateway</address></body></html>
`;
}

/** A body that is neither XML nor JSON, whatever its content type says. */
export const GARBAGE_BODY = '\u0000\u001f\u008b garbled upstream response <tsRes\u00ff{"cred';
