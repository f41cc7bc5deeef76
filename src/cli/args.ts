import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

/**
 * `node:util` parseArgs (strict; pass `allowPositionals` yourself) in strict mode, with its errors turned into UsageErrors that name the verb,
 * so an unknown or malformed flag is a one-line message and exit 2 rather than a stack trace.
 */
export function parseVerbArgs<T extends ParseArgsConfig>(
  verb: string,
  config: T,
): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (error) {
    // One line, the verb named once (main prints "tableau-rest: "), and where to look next.
    const message = (error instanceof Error ? error.message : String(error))
      .replace(/\. To specify a positional argument.*$/s, '')
      .replace(/\s*\n\s*/g, ' ');
    throw new UsageError(`${verb}: ${message}${message.endsWith('.') ? '' : '.'} See tableau-rest ${verb} --help`);
  }
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses `250ms`, `1s`, `1.5m`, `240m`, `2h`. A bare number is a usage error: units are never guessed. */
export function parseDuration(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  if (!match) {
    throw new UsageError(`${flag} expects a duration with a unit (ms, s, m or h), such as 500ms or 240m; got "${value}"`);
  }
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

/** Parses a probability from 0 to 1. */
export function parseProbability(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`${flag} expects a number from 0 to 1; got "${value}"`);
  }
  return n;
}

/** Parses a non-negative integer (ports, counts). */
export function parseInteger(flag: string, value: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}; got "${value}"`);
  }
  return Number(value);
}
