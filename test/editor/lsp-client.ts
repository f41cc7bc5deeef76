// A small Language Server Protocol client for tests: JSON-RPC 2.0 over a child process's stdio with
// Content-Length framing, as VS Code talks to a server. No mocking: it spawns the real server.
//
// Robustness: every request has a deadline; a server that exits, closes its pipe, or writes something that
// is not a framed JSON-RPC message fails every pending request at once with what the server said (its stderr
// and its window/logMessage lines), so a broken server fails a test clearly instead of hanging it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Deadline of each request unless the call gives its own (a hang guard, not a speed assertion). */
  requestTimeoutMs?: number;
}

type Json = unknown;
type RequestHandler = (params: any) => Json | Promise<Json>;
type NotificationHandler = (params: any) => void;

interface Pending {
  method: string;
  resolve(value: any): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class LspError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'LspError';
  }
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, NotificationHandler[]>();
  private readonly waiters: Array<{ method: string; test(params: any): boolean; resolve(params: any): void; reject(e: Error): void; timer: NodeJS.Timeout }> = [];
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly requestTimeoutMs: number;
  private failure: Error | undefined;
  private readonly exited: Promise<number | null>;
  /** What the server said: stderr lines and window/logMessage, newest last (for failure messages). */
  readonly log: string[] = [];
  /** Requests the server sent that no handler answered (method names). */
  readonly unhandledRequests: string[] = [];

  private constructor(child: ChildProcessWithoutNullStreams, options: SpawnOptions) {
    this.child = child;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 20_000;
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => this.remember(`stderr: ${text.trimEnd()}`));
    child.stdin.on('error', (error) => this.fail(new LspError(`cannot write to the server: ${error.message}`)));
    this.exited = new Promise((resolve) => {
      // 'close' (not 'exit'): by then everything the server wrote on stderr has been read.
      child.on('close', (code, signal) => {
        this.fail(new LspError(`the language server exited (code ${code}, signal ${signal})`));
        resolve(code);
      });
      child.on('error', (error) => {
        this.fail(new LspError(`could not start the language server: ${error.message}`));
        resolve(null);
      });
    });
    this.onNotification('window/logMessage', (p: { type: number; message: string }) => this.remember(`log[${p.type}]: ${p.message}`));
    this.onNotification('window/showMessage', (p: { type: number; message: string }) => this.remember(`show[${p.type}]: ${p.message}`));
  }

  /** Spawns `node <script> --stdio` (the way VS Code starts a Node language server over stdio). */
  static start(script: string, options: SpawnOptions = {}): LspClient {
    const child = spawn(process.execPath, [script, '--stdio'], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new LspClient(child, options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Recent server output, for assertion messages. */
  recentLog(lines = 30): string {
    return this.log.slice(-lines).join('\n');
  }

  /** Answers a server-to-client request (workspace/configuration, workspace/applyEdit, ...). */
  onRequest(method: string, handler: RequestHandler): void {
    this.requestHandlers.set(method, handler);
  }

  onNotification(method: string, handler: NotificationHandler): void {
    const list = this.notificationHandlers.get(method) ?? [];
    list.push(handler);
    this.notificationHandlers.set(method, list);
  }

  /** Resolves with the params of the next notification `method` that passes `test`. */
  waitForNotification<T = any>(method: string, test: (params: T) => boolean = () => true, timeoutMs = this.requestTimeoutMs): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        method,
        test,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new LspError(`no ${method} notification within ${timeoutMs} ms. Server output:\n${this.recentLog()}`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  request<T = any>(method: string, params: Json, timeoutMs = this.requestTimeoutMs): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new LspError(`${method} got no answer within ${timeoutMs} ms. Server output:\n${this.recentLog()}`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: Json): void {
    if (this.failure) throw this.failure;
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * The LSP shutdown sequence (shutdown request, exit notification), then waits for the process to end.
   * A server that does not end in time is killed (this process's own child, by its pid).
   */
  async shutdown(timeoutMs = 5_000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && !this.failure) {
      try {
        await this.request('shutdown', null, timeoutMs);
        this.notify('exit', null);
      } catch {
        // Killed below.
      }
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the server at once (for afterAll after a failed test). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private send(message: Json): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private remember(line: string): void {
    this.log.push(line);
    if (this.log.length > 500) this.log.splice(0, this.log.length - 500);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = new LspError(`${error.message}. Server output:\n${this.recentLog()}`);
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new LspError(`${p.method}: ${this.failure.message}`));
      this.pending.delete(id);
    }
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new LspError(`waiting for ${w.method}: ${this.failure.message}`));
    }
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /(?:^|\r\n)Content-Length: *(\d+)/i.exec(header);
      if (!match) {
        this.fail(new LspError(`the server wrote a message without Content-Length: ${JSON.stringify(header.slice(0, 200))}`));
        this.kill();
        return;
      }
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      let message: any;
      try {
        message = JSON.parse(body);
      } catch {
        this.fail(new LspError(`the server wrote a body that is not JSON: ${JSON.stringify(body.slice(0, 200))}`));
        this.kill();
        return;
      }
      this.dispatch(message);
    }
  }

  private dispatch(message: any): void {
    if (message.id !== undefined && message.method === undefined) {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.error) p.reject(new LspError(`${p.method} failed: ${message.error.message}`, message.error.code));
      else p.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      void this.answer(message.id, message.method, message.params);
      return;
    }
    for (const handler of this.notificationHandlers.get(message.method) ?? []) handler(message.params);
    for (const w of [...this.waiters]) {
      if (w.method === message.method && w.test(message.params)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(message.params);
      }
    }
  }

  private async answer(id: number | string, method: string, params: Json): Promise<void> {
    const handler = this.requestHandlers.get(method);
    if (!handler) {
      // VS Code answers the requests it knows (registerCapability, progress, refresh) with null.
      this.unhandledRequests.push(method);
      if (!this.failure) this.send({ jsonrpc: '2.0', id, result: null });
      return;
    }
    try {
      const result = await handler(params);
      if (!this.failure) this.send({ jsonrpc: '2.0', id, result: result ?? null });
    } catch (error) {
      if (!this.failure) this.send({ jsonrpc: '2.0', id, error: { code: -32603, message: error instanceof Error ? error.message : String(error) } });
    }
  }
}
