#!/usr/bin/env node
// LiveKit stand-in server. Usage:
//   node server.mjs --port 0 --api-key K --api-secret S [--webhook-url URL] [--host 127.0.0.1] [--verbose] [--exit-on-stdin-close]
// Prints exactly one line `LISTENING <port>` on stdout once it accepts connections.
import { parseArgs, requireArgs } from './lib/args.mjs';
import { LiveKitStandin } from './lib/standin.mjs';

let args;
try {
  args = parseArgs(process.argv.slice(2), { booleans: ['verbose', 'exit-on-stdin-close'], defaults: { port: '0', host: '127.0.0.1' } });
  requireArgs(args, ['api-key', 'api-secret']);
} catch (err) {
  console.error(`server.mjs: ${err.message}`);
  console.error('usage: node server.mjs --port 0 --api-key K --api-secret S [--webhook-url URL] [--host H] [--verbose] [--exit-on-stdin-close]');
  process.exit(2);
}

const standin = new LiveKitStandin({
  apiKey: args['api-key'],
  apiSecret: args['api-secret'],
  webhookUrl: args['webhook-url'],
  host: args.host,
  quiet: !args.verbose,
});
const port = await standin.listen(Number(args.port));
process.stdout.write(`LISTENING ${port}\n`);

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await standin.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// Opt-in: exit when the parent closes our stdin (so a crashed harness
// cannot leak the process). Off by default: stdin may be /dev/null.
if (args['exit-on-stdin-close']) {
  process.stdin.on('end', shutdown);
  process.stdin.on('error', () => {});
  process.stdin.resume();
}
