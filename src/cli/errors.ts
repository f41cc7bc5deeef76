/** A mistake in how the CLI was called or what it was given: one clear line, exit 2, no stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes shared by every verb (a contract: scripts depend on them). */
export const EXIT = {
  ok: 0,
  /** lint: findings; fix: some files failed; init --check: not current. */
  findings: 1,
  usage: 2,
  internal: 3,
} as const;
