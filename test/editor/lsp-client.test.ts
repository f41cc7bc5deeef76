// The test LSP client fails clearly instead of hanging when a server misbehaves: it hangs, dies, or writes
// something that is not a framed JSON-RPC message. (The editor tests rely on this to fail, not stall, CI.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient } from './lsp-client.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lsp-client-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function server(name: string, source: string): string {
  const path = join(dir, `${name}.cjs`);
  writeFileSync(path, source);
  return path;
}

// A minimal well-behaved server: answers initialize and shutdown, exits on exit.
const ECHO = `
let buf = Buffer.alloc(0);
process.stdin.on('data', (c) => {
  buf = Buffer.concat([buf, c]);
  for (;;) {
    const end = buf.indexOf('\\r\\n\\r\\n');
    if (end < 0) return;
    const len = Number(/Content-Length: (\\d+)/.exec(buf.subarray(0, end).toString())[1]);
    if (buf.length < end + 4 + len) return;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString());
    buf = buf.subarray(end + 4 + len);
    if (msg.method === 'exit') process.exit(0);
    if (msg.id === undefined) continue;
    const body = JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: msg.method === 'initialize' ? { capabilities: { ok: 'é' } } : null });
    process.stdout.write('Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
  }
});
`;

test('talks to a server that follows the protocol (multi-byte UTF-8 bodies included) and shuts it down cleanly', async () => {
  const client = LspClient.start(server('echo', ECHO), { requestTimeoutMs: 5_000 });
  expect(await client.request('initialize', {})).toEqual({ capabilities: { ok: 'é' } });
  await client.shutdown();
});

test('a server that never answers: the request fails after its deadline and says so', async () => {
  const client = LspClient.start(server('hang', 'setInterval(() => {}, 1000);'), { requestTimeoutMs: 300 });
  await expect(client.request('initialize', {})).rejects.toThrow(/initialize got no answer within 300 ms/);
  await client.shutdown(300); // it ignores shutdown too: killed
});

test("a server that dies: pending requests fail at once with its exit code and what it wrote on stderr", async () => {
  const client = LspClient.start(server('crash', "process.stdin.once('data', () => { console.error('boom: no config'); process.exit(3); });"), {
    requestTimeoutMs: 10_000,
  });
  await expect(client.request('initialize', {})).rejects.toThrow(/exited \(code 3[\s\S]*boom: no config/);
  await client.shutdown();
});

test('a server that writes garbage on stdout: the client says what it got and ends the server', async () => {
  const client = LspClient.start(server('garbage', "process.stdout.write('hello\\r\\n\\r\\n'); setInterval(() => {}, 1000);"), { requestTimeoutMs: 10_000 });
  await expect(client.request('initialize', {})).rejects.toThrow(/without Content-Length: "hello"/);
  await client.shutdown();
});
