#!/usr/bin/env node
// Prints the Authorization header value LiveKit would send with a webhook
// whose raw body is the given file (or stdin): an AccessToken JWT (valid 5 min,
// iss = api key) carrying claim sha256 = base64(SHA-256(body bytes)).
// No "Bearer " prefix: LiveKit sends the bare JWT.
//   node sign-webhook.mjs --api-key K --api-secret S --body-file body.json [--ttl 5m]
//   node sign-webhook.mjs --api-key K --api-secret S < body.json
import { readFileSync } from 'node:fs';
import { signWebhook, WEBHOOK_TOKEN_TTL } from './lib/webhook.mjs';
import { parseArgs, requireArgs } from './lib/args.mjs';

try {
  const args = parseArgs(process.argv.slice(2), { defaults: { ttl: WEBHOOK_TOKEN_TTL } });
  requireArgs(args, ['api-key', 'api-secret']);
  let body;
  if (args['body-file']) {
    body = readFileSync(args['body-file']);
  } else {
    const chunks = [];
    for await (const c of process.stdin) chunks.push(c);
    body = Buffer.concat(chunks);
  }
  const ttl = /^\d+$/.test(args.ttl) ? Number(args.ttl) : args.ttl;
  console.log(await signWebhook(body, args['api-key'], args['api-secret'], ttl));
} catch (err) {
  console.error(`sign-webhook.mjs: ${err.message}`);
  process.exit(2);
}
