#!/usr/bin/env node
// Measures livekit-server-sdk AccessToken.toJwt() throughput for a viewer
// grant (one new AccessToken per token, as a server minting per-viewer tokens
// would), single-threaded, sequential awaits.
//   node bench-token.mjs [--seconds 3]
// Prints: livekit-server-sdk AccessToken.toJwt: N tokens/s
import { AccessToken } from 'livekit-server-sdk';
import { parseArgs } from './lib/args.mjs';

const args = parseArgs(process.argv.slice(2), { defaults: { seconds: '3' } });
const seconds = Number(args.seconds);
const apiKey = 'APIbenchkey';
const apiSecret = 'bench-secret-0123456789abcdef0123456789abcdef';

async function mint(i) {
  const at = new AccessToken(apiKey, apiSecret, { identity: `viewer-${i}`, ttl: 600 });
  at.addGrant({ roomJoin: true, room: 'bench-room', canPublish: false, canSubscribe: true, canPublishData: false });
  return at.toJwt();
}

for (let i = 0; i < 200; i++) await mint(i); // warm-up
let n = 0;
const start = process.hrtime.bigint();
const deadline = start + BigInt(Math.round(seconds * 1e9));
let now = start;
while (now < deadline) {
  for (let k = 0; k < 50; k++) await mint(n++);
  now = process.hrtime.bigint();
}
const rate = Math.round(n / (Number(now - start) / 1e9));
console.log(`livekit-server-sdk AccessToken.toJwt: ${rate} tokens/s`);
