// The simulator in its own process (so its work does not share the client's event loop), without a request
// log. Prints `{"url": ...}` once listening; stops when stdin closes or on SIGTERM.
import { dist } from './paths.mjs';

const { startSimulator } = await import(dist.simulator);
const sim = await startSimulator({ port: 0 });
process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`);
const stop = () => sim.close().then(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
