/** The simulator's HTTP server: request pipeline, Tableau endpoints, `/__sim/*` control endpoints. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { decideFault, GARBAGE_BODY, htmlErrorPage, RateLimiter, retryAfterDetail } from './faults.js';
import { isTimerDelay, MAX_LATENCY_MS, type Fault, type LogEntry, type ResolvedOptions } from './options.js';
import { BadRequest, parseBody, readNewProject, readSignin, readSwitchSite, type SigninRequest } from './request-body.js';
import { COLLECTIONS, makeProject, page, PagingError, seedSite, userLuid, type Site } from './resources.js';
import { matchRoute, type Endpoint } from './routes.js';
import { SessionStore, type EndReason, type Session } from './sessions.js';
import { renderError, renderJson, renderXml, type Format, type TsNode } from './xml/render.js';

/** The counters of `GET /__sim/stats` and `stats()`. */
export interface SimulatorStats {
  /** Successful `auth/signin` answers. */
  signIns: number;
  /** Sign-ins answered 401001. */
  failedSignIns: number;
  /** Successful `auth/switchSite` answers. */
  switchSites: number;
  /** Successful `auth/signout` answers. */
  signOuts: number;
  /** Every request except `/__sim/*`, whatever its answer (faults included). */
  requests: number;
  /** 401 answers to requests other than sign-in. */
  unauthorized: number;
  /** 403 answers to requests other than sign-in. */
  forbidden: number;
  /** Sessions alive now (expired ones are not counted). */
  activeSessions: number;
}

const MAX_BODY_BYTES = 1024 * 1024;
const SERVER_VERSION: Record<ResolvedOptions['flavor'], { product: string; build: string; api: string }> = {
  server: { product: '2024.2.2', build: '20242.24.0807.0327', api: '3.23' },
  cloud: { product: '2025.1.0', build: '20251.25.0115.1010', api: '3.25' },
};

interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  format: Format;
  apiVersion: string | undefined;
  query: URLSearchParams;
  body: string;
  entry: LogEntry;
  /** True for sign-in requests: their 401s count as failed sign-ins, not as `unauthorized`. */
  isSignin: boolean;
}

export class SimulatorServer {
  readonly server: Server;
  private readonly sessions: SessionStore;
  private sites = new Map<string, Site>();
  private readonly sitesByLuid = new Map<string, Site>();
  private readonly limiter: RateLimiter | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Socket>();
  private counters = zeroCounters();
  private requestIndex = 0;
  private redirectPending = true;
  private injectedFailures = 0;
  private port = 0;
  private closing = false;

  constructor(private readonly o: ResolvedOptions) {
    this.sessions = new SessionStore(o.tokenTtlMs, o.tokenMaxAgeMs, o.now);
    this.limiter = o.rateLimit ? new RateLimiter(o.rateLimit.limit, o.rateLimit.windowMs) : undefined;
    this.seed();
    this.server = createServer((req, res) => {
      const entry: LogEntry = { time: new Date().toISOString(), method: (req.method ?? 'GET').toUpperCase(), path: pathOf(req.url).slice(0, 300), status: null, durationMs: 0 };
      this.onRequest(req, res, entry).catch((error: unknown) => this.internalError(req, res, entry, error));
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // A client that sends garbage instead of HTTP gets a 400 and a closed connection, never a crash.
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(listenError(error, this.o.host, this.o.port));
      this.server.once('error', onError);
      this.server.listen(this.o.port, this.o.host, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        this.port = typeof address === 'object' && address !== null ? address.port : this.o.port;
        resolve(this.port);
      });
    });
  }

  stats(): SimulatorStats {
    return { ...this.counters, activeSessions: this.sessions.activeCount() };
  }

  expireAll(): void {
    this.sessions.expireAll();
  }

  reset(): void {
    this.sessions.clear();
    this.counters = zeroCounters();
    this.requestIndex = 0;
    this.redirectPending = true;
    this.injectedFailures = 0;
    this.limiter?.reset();
    this.seed();
  }

  close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
      // Keep-alive and in-flight connections would hold the process open: end them now.
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private seed(): void {
    const accounts = [...this.o.users.map((u) => u.name)];
    for (const p of this.o.pats) if (!accounts.some((a) => a.toLowerCase() === p.name.toLowerCase())) accounts.push(p.name);
    this.sites = new Map();
    this.sitesByLuid.clear();
    for (const contentUrl of this.o.sites) {
      const site = seedSite(contentUrl, accounts);
      this.sites.set(contentUrl.toLowerCase(), site);
      this.sitesByLuid.set(site.luid, site);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pipeline

  private async onRequest(req: IncomingMessage, res: ServerResponse, entry: LogEntry): Promise<void> {
    const startedAt = Date.now();
    res.on('error', () => {});
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = pathOf(raw);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    const method = entry.method;
    const finished = () => {
      entry.durationMs = Date.now() - startedAt;
      try {
        this.o.log?.(entry);
      } catch {
        // A throwing log callback must not take the server down.
      }
    };
    res.once('close', finished);

    const format = pickFormat(req.headers.accept);
    if (pathname.startsWith('/__sim/')) {
      this.control(req, res, method, pathname, format, entry);
      return;
    }

    this.counters.requests++;
    const index = ++this.requestIndex;
    const route = matchRoute(method, pathname);
    const ctx: Context = { req, res, format, apiVersion: route.apiVersion, query, body: '', entry, isSignin: route.label === 'auth/signin' };

    const body = await readBody(req);
    if (body === undefined) {
      if (res.destroyed) return;
      this.error(ctx, 413, '413000', 'Payload Too Large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, { close: true });
      return;
    }
    ctx.body = body;

    let fault: Fault | undefined = decideFault(this.o, this.limiter, { index, method, path: pathname, endpoint: route.label }, this.o.now());
    if (this.o.latencyMs > 0) {
      entry.fault = 'latency';
      await this.sleep(this.o.latencyMs);
    }
    if (fault?.kind === 'delay') {
      if (!isTimerDelay(fault.ms)) {
        throw new Error(`the fault option returned a delay of ${String(fault.ms)} ms; it must be from 0 to ${MAX_LATENCY_MS} (the longest a timer can wait)`);
      }
      entry.fault = 'delay';
      await this.sleep(fault.ms);
      fault = undefined;
    }
    if (this.closing || res.destroyed || req.socket.destroyed) {
      entry.reason = 'client closed the connection';
      return;
    }
    if (fault !== undefined && fault.kind !== 'none') {
      this.applyFault(ctx, fault);
      return;
    }

    if (route.kind === 'notFound') {
      this.error(ctx, 404, '404000', 'Resource Not Found', `Unknown resource '${pathname.slice(0, 200)}' specified in URI.`);
      return;
    }
    if (route.kind === 'methodNotAllowed') {
      res.setHeader('Allow', route.allow.join(', '));
      this.error(ctx, 405, '405000', 'Method Not Allowed', `Request type '${method}' is not supported for '${route.label}'; use ${route.allow.join(' or ')}.`);
      return;
    }
    this.dispatch(ctx, route.endpoint);
  }

  private dispatch(ctx: Context, endpoint: Endpoint): void {
    switch (endpoint.name) {
      case 'signin':
        return this.signin(ctx);
      case 'signout':
        return this.signout(ctx);
      case 'switchSite':
        return this.switchSite(ctx);
      case 'sessionsCurrent':
        return this.sessionsCurrent(ctx);
      case 'serverinfo':
        return this.serverinfo(ctx);
      case 'site':
      case 'collection':
      case 'item':
        return this.siteResource(ctx, endpoint);
    }
  }

  private applyFault(ctx: Context, fault: Exclude<Fault, { kind: 'none' | 'delay' }>): void {
    const { res, req } = ctx;
    ctx.entry.fault = fault.kind;
    switch (fault.kind) {
      case 'drop':
        ctx.entry.reason = 'connection reset (drop fault)';
        req.socket.resetAndDestroy();
        return;
      case 'rateLimit': {
        const seconds = Math.max(1, Math.ceil(fault.retryAfterSeconds));
        if (fault.header !== false) res.setHeader('Retry-After', String(seconds));
        ctx.entry.reason = `rate limited (retry after ${seconds}s)`;
        this.error(ctx, 429, '429000', 'Too Many Requests', retryAfterDetail(seconds));
        return;
      }
      case 'garbage':
        this.send(ctx, fault.status ?? 200, GARBAGE_BODY, this.contentType(ctx.format));
        return;
      case 'redirect':
        ctx.entry.reason = `redirected to ${fault.location.replace(/[?#].*$/, '')}`;
        res.setHeader('Location', fault.location);
        this.send(ctx, fault.status ?? 302, '', undefined);
        return;
      case 'status': {
        const status = fault.status;
        const reasonPhrase = STATUS_CODES[status] ?? 'Error';
        const kind = fault.body ?? (this.o.failBody === 'mixed' ? (this.injectedFailures++ % 2 === 0 ? 'html' : 'tableau') : this.o.failBody);
        if (kind === 'html') this.send(ctx, status, htmlErrorPage(status, reasonPhrase), 'text/html; charset=utf-8');
        else if (kind === 'garbage') this.send(ctx, status, GARBAGE_BODY, this.contentType(ctx.format));
        else this.error(ctx, status, `${status}000`, reasonPhrase, 'The server encountered an error and cannot complete your request (injected fault).');
        return;
      }
      default:
        throw new Error(`the fault option returned an unknown fault ${JSON.stringify((fault as { kind?: unknown }).kind)}`);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Auth endpoints

  private signin(ctx: Context): void {
    if (this.o.signinRedirect !== 'off') {
      const hostname = requestHostname(ctx.req.headers.host) ?? this.o.host;
      const redirect = this.o.signinRedirect === 'first' ? this.redirectPending : hostname !== 'localhost';
      if (redirect) {
        this.redirectPending = false;
        const target = `http://${hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${this.port}${ctx.req.url ?? ''}`;
        ctx.entry.reason = `sign-in redirected to ${target.replace(/\/api\/.*$/, '')} (pod host); the client must re-POST there`;
        ctx.res.setHeader('Location', target);
        this.send(ctx, 301, '', undefined);
        return;
      }
    }
    let request: SigninRequest;
    try {
      request = readSignin(parseBody(ctx.body, ctx.req.headers['content-type']));
    } catch (error) {
      return this.badRequest(ctx, error);
    }
    const site = this.sites.get(request.contentUrl.toLowerCase());
    if (this.o.flavor === 'cloud' && request.contentUrl === '') {
      return this.signinFailed(ctx, 'Tableau Cloud needs a site contentUrl; "" (the default site) does not exist there');
    }
    if (site === undefined) return this.signinFailed(ctx, `unknown site "${request.contentUrl}"`);

    const now = this.o.now();
    let userName: string;
    let patName: string | undefined;
    let patExpiresAt: number | undefined;
    if (request.kind === 'password') {
      const user = this.o.users.find((u) => u.name.toLowerCase() === (request.name ?? '').toLowerCase());
      if (user === undefined) return this.signinFailed(ctx, `unknown user "${request.name}"`);
      if (user.password !== request.secret) return this.signinFailed(ctx, `wrong password for user "${user.name}"`);
      userName = user.name;
    } else if (request.kind === 'pat') {
      const pat = this.o.pats.find((p) => p.name === request.name);
      if (pat === undefined) return this.signinFailed(ctx, `unknown PAT name "${request.name}"`);
      if (pat.secret !== request.secret) return this.signinFailed(ctx, `wrong secret for PAT "${pat.name}"`);
      if (pat.expiresAt !== undefined && pat.expiresAt <= now) return this.signinFailed(ctx, `PAT "${pat.name}" has expired`);
      userName = pat.name;
      patName = pat.name;
      patExpiresAt = pat.expiresAt;
    } else {
      const checked = this.checkJwt(request.secret, now);
      if (typeof checked !== 'string') return this.signinFailed(ctx, checked.problem);
      userName = checked;
    }

    let userId = userLuid(site.contentUrl, userName);
    if (request.impersonateUserId !== undefined) {
      const target = site.content.users.find((u) => u.attrs?.id === request.impersonateUserId);
      if (target === undefined) return this.signinFailed(ctx, 'the user id to impersonate is not a user of this site');
      userId = request.impersonateUserId;
      userName = String(target.attrs?.name);
    }

    const { session, replaced } = this.sessions.create({
      siteLuid: site.luid,
      siteContentUrl: site.contentUrl,
      userLuid: userId,
      userName,
      kind: request.kind,
      patName,
    });
    this.counters.signIns++;
    if (replaced) ctx.entry.reason = `ended the previous session of PAT "${patName}" (a PAT holds one session)`;
    const estimated = request.kind === 'pat' ? formatHms((patExpiresAt ?? now + 15 * 24 * 3_600_000) - now) : undefined;
    this.ok(ctx, 200, [credentialsNode(session, site, estimated)]);
  }

  private checkJwt(jwt: string, now: number): string | { problem: string } {
    const parts = jwt.split('.');
    if (parts.length !== 3) return { problem: 'the JWT is malformed (expected header.payload.signature)' };
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return { problem: 'the JWT payload is not base64url-encoded JSON' };
    }
    if (claims === null || typeof claims !== 'object') return { problem: 'the JWT payload is not an object' };
    const { sub, exp } = claims as { sub?: unknown; exp?: unknown };
    if (typeof sub !== 'string' || sub === '') return { problem: 'the JWT has no "sub" claim' };
    if (typeof exp !== 'number') return { problem: 'the JWT has no numeric "exp" claim' };
    if (exp * 1000 <= now) return { problem: `the JWT expired ${Math.round((now - exp * 1000) / 1000)}s ago (connected-app JWTs live minutes: mint one per sign-in)` };
    // Configured users restrict who a JWT may name; with none configured (demo or PATs only), any subject is accepted.
    if (!this.o.demo && this.o.users.length > 0) {
      const user = this.o.users.find((u) => u.name.toLowerCase() === sub.toLowerCase());
      if (user === undefined) return { problem: `the JWT "sub" names no configured user ("${sub.slice(0, 100)}")` };
      return user.name;
    }
    return sub;
  }

  private signout(ctx: Context): void {
    const session = this.authenticate(ctx);
    if (session === undefined) return;
    this.sessions.end(session.token, 'signed-out');
    this.counters.signOuts++;
    this.send(ctx, 204, '', undefined);
  }

  private switchSite(ctx: Context): void {
    const session = this.authenticate(ctx);
    if (session === undefined) return;
    let contentUrl: string;
    try {
      contentUrl = readSwitchSite(parseBody(ctx.body, ctx.req.headers['content-type']));
    } catch (error) {
      return this.badRequest(ctx, error);
    }
    const site = this.sites.get(contentUrl.toLowerCase());
    if (site === undefined) {
      ctx.entry.reason = `unknown site "${contentUrl}"`;
      return this.error(ctx, 404, '404000', 'Site not found', `The site '${contentUrl.slice(0, 100)}' could not be found.`);
    }
    if (site.luid === session.siteLuid) {
      ctx.entry.reason = 'switchSite to the current site';
      return this.error(ctx, 403, '403070', 'Forbidden', 'Bad request: cannot switch to the site you are already signed in to.');
    }
    this.sessions.end(session.token, 'switched-site');
    const { session: next } = this.sessions.create({
      siteLuid: site.luid,
      siteContentUrl: site.contentUrl,
      userLuid: userLuid(site.contentUrl, session.userName),
      userName: session.userName,
      kind: session.kind,
      patName: session.patName,
    });
    this.counters.switchSites++;
    this.ok(ctx, 200, [credentialsNode(next, site, undefined)]);
  }

  private sessionsCurrent(ctx: Context): void {
    const session = this.authenticate(ctx);
    if (session === undefined) return;
    const site = this.sitesByLuid.get(session.siteLuid);
    const user = site?.content.users.find((u) => u.attrs?.id === session.userLuid);
    this.ok(ctx, 200, [
      {
        name: 'session',
        children: [
          { name: 'site', attrs: { id: session.siteLuid, name: site?.name, contentUrl: session.siteContentUrl } },
          { name: 'user', attrs: { id: session.userLuid, name: session.userName, siteRole: user?.attrs?.siteRole ?? 'Explorer' } },
        ],
      },
    ]);
  }

  private serverinfo(ctx: Context): void {
    const v = SERVER_VERSION[this.o.flavor];
    this.ok(ctx, 200, [
      {
        name: 'serverInfo',
        children: [
          { name: 'productVersion', attrs: { build: v.build }, text: v.product },
          { name: 'prepConductorVersion', text: v.product.split('.').slice(0, 2).join('.') },
          { name: 'restApiVersion', text: v.api },
        ],
      },
    ]);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Site content

  private siteResource(ctx: Context, endpoint: Extract<Endpoint, { siteId: string }>): void {
    const session = this.authenticate(ctx);
    if (session === undefined) return;
    const site = this.siteFor(ctx, session, endpoint.siteId);
    if (site === undefined) return;
    if (endpoint.name === 'site') {
      this.ok(ctx, 200, [{ name: 'site', attrs: { id: site.luid, name: site.name, contentUrl: site.contentUrl, adminMode: 'ContentAndUsers', state: 'Active' } }]);
      return;
    }
    const meta = COLLECTIONS[endpoint.collection];
    const items = site.content[endpoint.collection];
    if (endpoint.name === 'item') {
      const item = items.find((i) => i.attrs?.id === endpoint.id);
      if (item === undefined) {
        return this.error(ctx, 404, meta.notFoundCode, 'Resource Not Found', `${meta.label} '${endpoint.id.slice(0, 100)}' could not be found.`);
      }
      this.ok(ctx, 200, [item]);
      return;
    }
    if (ctx.req.method === 'POST') {
      this.createProject(ctx, site, session);
      return;
    }
    try {
      const { items: pageItems, pagination } = page(items, ctx.query);
      this.ok(ctx, 200, [pagination, { name: endpoint.collection, itemName: meta.item, children: pageItems }]);
    } catch (error) {
      if (error instanceof PagingError) return this.error(ctx, 400, error.code, 'Bad Request', error.message);
      throw error;
    }
  }

  private createProject(ctx: Context, site: Site, session: Session): void {
    let input: ReturnType<typeof readNewProject>;
    try {
      input = readNewProject(parseBody(ctx.body, ctx.req.headers['content-type']));
    } catch (error) {
      return this.badRequest(ctx, error);
    }
    const projects = site.content.projects;
    const parent = input.parentProjectId || undefined;
    if (parent !== undefined && !projects.some((p) => p.attrs?.id === parent)) {
      return this.error(ctx, 404, '404005', 'Resource Not Found', `Parent project '${parent.slice(0, 100)}' could not be found.`);
    }
    const clash = projects.some((p) => (p.attrs?.parentProjectId ?? undefined) === parent && String(p.attrs?.name).toLowerCase() === input.name.toLowerCase());
    if (clash) {
      return this.error(ctx, 409, '409006', 'Resource Conflict', `A project named '${input.name.slice(0, 100)}' already exists in this location.`);
    }
    const project = makeProject(input, session.userLuid, this.o.now());
    projects.push(project);
    this.ok(ctx, 201, [project]);
  }

  /** The site a `/sites/<id>/` path names, if the session may use it; otherwise answers 403 (or 401) and returns undefined. */
  private siteFor(ctx: Context, session: Session, siteId: string): Site | undefined {
    const own = this.sitesByLuid.get(session.siteLuid);
    const byContentUrl =
      this.o.allowContentUrlInPath && session.siteContentUrl !== '' && siteId.toLowerCase() === session.siteContentUrl.toLowerCase();
    if (own !== undefined && (siteId === session.siteLuid || byContentUrl)) return own;
    const status = this.o.foreignSiteStatus;
    ctx.entry.reason = `the token is for site "${session.siteContentUrl}" (${session.siteLuid}); the path names ${
      this.sitesByLuid.has(siteId) ? `site "${this.sitesByLuid.get(siteId)?.contentUrl}"` : 'another site'
    }`;
    ctx.res.setHeader('X-Simulator-Reason', 'foreign-site');
    if (status === 401) {
      this.error(ctx, 401, '401002', 'Unauthorized Access', 'Invalid authentication credentials were provided.');
    } else {
      this.error(ctx, 403, '403000', 'Forbidden', 'The credentials token does not give access to this site; sign in to it or use auth/switchSite.');
    }
    return undefined;
  }

  /** The session of the request's token (header or `workgroup_session_id` cookie), or a 401 answer and undefined. */
  private authenticate(ctx: Context): Session | undefined {
    const token = readToken(ctx.req);
    if (token === undefined) {
      ctx.entry.reason = 'no token (send X-Tableau-Auth or the workgroup_session_id cookie)';
      ctx.res.setHeader('X-Simulator-Reason', 'no-token');
      this.error(ctx, 401, '401000', 'Unauthorized Access', 'No authentication credentials were provided.');
      return undefined;
    }
    const found = this.sessions.touch(token);
    if (found.ok) return found.session;
    const expired = found.reason.startsWith('expired');
    ctx.entry.reason = this.describeEnd(found.reason);
    ctx.res.setHeader('X-Simulator-Reason', found.reason);
    this.error(ctx, 401, expired ? this.o.expiredCode : '401002', 'Unauthorized Access', 'Invalid authentication credentials were provided.');
    return undefined;
  }

  private describeEnd(reason: EndReason | 'unknown'): string {
    switch (reason) {
      case 'expired-idle':
        return `token expired (idle for ${formatMs(this.o.tokenTtlMs)} or more)`;
      case 'expired-max-age':
        return `token expired (older than the ${formatMs(this.o.tokenMaxAgeMs ?? 0)} cap)`;
      case 'expired-forced':
        return 'token expired (all sessions were expired on purpose)';
      case 'signed-out':
        return 'token was signed out';
      case 'pat-reused':
        return 'session ended by a newer sign-in with the same PAT';
      case 'switched-site':
        return 'token was replaced by auth/switchSite';
      case 'unknown':
        return 'unknown token';
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // /__sim/*

  private control(req: IncomingMessage, res: ServerResponse, method: string, pathname: string, format: Format, entry: LogEntry): void {
    req.resume();
    const ctx: Context = { req, res, format, apiVersion: undefined, query: new URLSearchParams(), body: '', entry, isSignin: false };
    const routes: Record<string, { method: string; run: () => void }> = {
      '/__sim/stats': { method: 'GET', run: () => this.send(ctx, 200, JSON.stringify(this.stats()), 'application/json; charset=utf-8') },
      '/__sim/reset': { method: 'POST', run: () => (this.reset(), this.send(ctx, 204, '', undefined)) },
      '/__sim/expire': { method: 'POST', run: () => (this.expireAll(), this.send(ctx, 204, '', undefined)) },
    };
    const route = routes[pathname.replace(/\/$/, '')];
    if (route === undefined) {
      this.send(ctx, 404, renderError(format, '404000', 'Resource Not Found', `Unknown simulator endpoint '${pathname.slice(0, 100)}'; use /__sim/stats, /__sim/reset or /__sim/expire.`), this.contentType(format));
      return;
    }
    if (method !== route.method && !(route.method === 'GET' && method === 'HEAD')) {
      res.setHeader('Allow', route.method);
      this.send(ctx, 405, renderError(format, '405000', 'Method Not Allowed', `Use ${route.method} for ${pathname}.`), this.contentType(format));
      return;
    }
    route.run();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Answers

  private ok(ctx: Context, status: number, nodes: TsNode[]): void {
    const body = ctx.format === 'json' ? renderJson(nodes) : renderXml(nodes, ctx.apiVersion);
    this.send(ctx, status, body, this.contentType(ctx.format));
  }

  private error(ctx: Context, status: number, code: string, summary: string, detail: string, { close = false } = {}): void {
    ctx.entry.code = code;
    if (close) ctx.res.setHeader('Connection', 'close');
    this.send(ctx, status, renderError(ctx.format, code, summary, detail, ctx.apiVersion), this.contentType(ctx.format));
  }

  private signinFailed(ctx: Context, reason: string): void {
    ctx.entry.reason = reason;
    this.counters.failedSignIns++;
    this.error(ctx, 401, '401001', 'Signin Error', 'Error signing in to Tableau Server');
  }

  private badRequest(ctx: Context, error: unknown): void {
    if (!(error instanceof BadRequest)) throw error;
    ctx.entry.reason = error.message;
    this.error(ctx, 400, error.code, 'Bad Request', error.message);
  }

  private send(ctx: Context, status: number, body: string, contentType: string | undefined): void {
    const { res, entry } = ctx;
    if (res.headersSent || res.destroyed) return;
    entry.status = status;
    if (!ctx.isSignin && !entry.path.startsWith('/__sim/')) {
      if (status === 401) this.counters.unauthorized++;
      if (status === 403) this.counters.forbidden++;
    }
    res.statusCode = status;
    res.setHeader('Server', 'tableau-rest-simulator');
    if (contentType !== undefined && body !== '') res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  }

  private contentType(format: Format): string {
    return format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8';
  }

  private internalError(req: IncomingMessage, res: ServerResponse, entry: LogEntry, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    entry.reason = `simulator bug: ${message}`;
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const detail = `The simulator failed to handle this request: ${message}`;
    entry.status = 500;
    entry.code = '500000';
    const format = pickFormat(req.headers.accept);
    const body = renderError(format, '500000', 'Internal Server Error', detail);
    res.statusCode = 500;
    res.setHeader('Content-Type', this.contentType(format));
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** A listen failure in words (port in use, not allowed, no such address), keeping the errno `code`. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  const message =
    error.code === 'EADDRINUSE'
      ? `port ${port} on ${host} is already in use`
      : error.code === 'EACCES'
        ? `not allowed to listen on ${where} (ports below 1024 need privileges)`
        : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN'
          ? `cannot listen on host ${host}: no such local address`
          : `cannot listen on ${where}: ${error.message}`;
  return Object.assign(new Error(message, { cause: error }), { code: error.code });
}

function zeroCounters(): Omit<SimulatorStats, 'activeSessions'> {
  return { signIns: 0, failedSignIns: 0, switchSites: 0, signOuts: 0, requests: 0, unauthorized: 0, forbidden: 0 };
}

function credentialsNode(session: Session, site: Site, estimatedTimeToExpiration: string | undefined): TsNode {
  return {
    name: 'credentials',
    attrs: { token: session.token, estimatedTimeToExpiration },
    children: [
      { name: 'site', attrs: { id: site.luid, contentUrl: site.contentUrl } },
      { name: 'user', attrs: { id: session.userLuid } },
    ],
  };
}

/** JSON when Accept asks for JSON (and does not put XML first); XML otherwise, as on Tableau. */
function pickFormat(accept: string | undefined): Format {
  const a = (accept ?? '').toLowerCase();
  const json = a.indexOf('json');
  if (json < 0) return 'xml';
  const xml = a.indexOf('xml');
  return xml >= 0 && xml < json ? 'xml' : 'json';
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}

function readToken(req: IncomingMessage): string | undefined {
  const header = req.headers['x-tableau-auth'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value) return value;
  const cookie = req.headers.cookie;
  if (cookie === undefined) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== 'workgroup_session_id') continue;
    let v = part.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    try {
      v = decodeURIComponent(v);
    } catch {
      // Not percent-encoded: use as is.
    }
    if (v !== '') return v;
  }
  return undefined;
}

function requestHostname(host: string | undefined): string | undefined {
  if (host === undefined || host === '') return undefined;
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

/** Reads the body as UTF-8, or undefined when it exceeds the limit (the rest is discarded). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
    req.on('close', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
  });
}

/** "177:05:38": hours (unbounded), minutes, seconds, as in `estimatedTimeToExpiration`. */
function formatHms(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** 300ms, 5s, 240m, 48h: the unit that shows the value without fractions (minutes up to a day, as Tableau says 240m). */
export function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 86_400_000) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
