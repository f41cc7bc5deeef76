import { newToken } from './ids.js';

export type CredentialKind = 'password' | 'pat' | 'jwt';

export interface Session {
  token: string;
  siteLuid: string;
  siteContentUrl: string;
  userLuid: string;
  userName: string;
  kind: CredentialKind;
  /** Set for PAT sessions: a PAT holds one session. */
  patName: string | undefined;
  createdAt: number;
  lastUsedAt: number;
}

/** Why a token no longer works. The `expired-*` reasons get the configured expired code; the rest get 401002. */
export type EndReason = 'expired-idle' | 'expired-max-age' | 'expired-forced' | 'signed-out' | 'pat-reused' | 'switched-site';

export type Lookup =
  | { ok: true; session: Session }
  | { ok: false; reason: EndReason | 'unknown' };

/** How many ended tokens to remember (so a late call can be told "expired" rather than "unknown"). */
const ENDED_MEMORY = 50_000;
/** Sweep expired sessions every this many lookups, so a long run with many sign-ins does not grow without bound. */
const SWEEP_EVERY = 1000;

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly ended = new Map<string, EndReason>();
  /** PAT name -> token of its one live session. */
  private readonly patSessions = new Map<string, string>();
  private lookups = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxAgeMs: number | undefined,
    private readonly now: () => number,
  ) {}

  /**
   * Starts a session. For a PAT, ends the PAT's previous session first; `replaced` tells the caller (for the log)
   * whether that session was still alive. One that had already expired by time keeps its expiry as the reason, so a
   * late call with its token gets the expired answer, not "pat-reused".
   */
  create(init: Omit<Session, 'token' | 'createdAt' | 'lastUsedAt'>): { session: Session; replaced: boolean } {
    let replaced = false;
    const t = this.now();
    if (init.patName !== undefined) {
      const previousToken = this.patSessions.get(init.patName);
      const previous = previousToken === undefined ? undefined : this.sessions.get(previousToken);
      if (previous !== undefined) {
        const expired = this.expiry(previous, t);
        this.end(previous.token, expired ?? 'pat-reused');
        replaced = expired === undefined;
      }
    }
    const session: Session = { ...init, token: newToken(init.siteLuid), createdAt: t, lastUsedAt: t };
    this.sessions.set(session.token, session);
    if (init.patName !== undefined) this.patSessions.set(init.patName, session.token);
    return { session, replaced };
  }

  /** Finds a live session and marks it used (resets the idle timer). */
  touch(token: string): Lookup {
    if (++this.lookups % SWEEP_EVERY === 0) this.sweep();
    const session = this.sessions.get(token);
    if (session === undefined) return { ok: false, reason: this.ended.get(token) ?? 'unknown' };
    const expired = this.expiry(session, this.now());
    if (expired !== undefined) {
      this.end(token, expired);
      return { ok: false, reason: expired };
    }
    session.lastUsedAt = this.now();
    return { ok: true, session };
  }

  end(token: string, reason: EndReason): void {
    const session = this.sessions.get(token);
    if (session === undefined) return;
    this.sessions.delete(token);
    if (session.patName !== undefined && this.patSessions.get(session.patName) === token) {
      this.patSessions.delete(session.patName);
    }
    this.ended.set(token, reason);
    if (this.ended.size > ENDED_MEMORY) {
      const oldest = this.ended.keys().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
  }

  /** Ends every session as expired (the simulator's "expire now"). */
  expireAll(): void {
    for (const token of [...this.sessions.keys()]) this.end(token, 'expired-forced');
  }

  /** Forgets everything: live sessions and the memory of ended ones. */
  clear(): void {
    this.sessions.clear();
    this.ended.clear();
    this.patSessions.clear();
  }

  /** Number of live sessions (expired ones are swept first). */
  activeCount(): number {
    this.sweep();
    return this.sessions.size;
  }

  private sweep(): void {
    const t = this.now();
    for (const session of [...this.sessions.values()]) {
      const expired = this.expiry(session, t);
      if (expired !== undefined) this.end(session.token, expired);
    }
  }

  private expiry(session: Session, t: number): EndReason | undefined {
    if (this.maxAgeMs !== undefined && t - session.createdAt >= this.maxAgeMs) return 'expired-max-age';
    if (t - session.lastUsedAt >= this.ttlMs) return 'expired-idle';
    return undefined;
  }
}
