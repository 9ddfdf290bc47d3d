#!/usr/bin/env node
// Reads a JWT on stdin, verifies it with livekit-server-sdk's TokenVerifier
// (HS256 signature with the secret, iss == api key, exp required, 10 s clock
// tolerance) and prints the decoded claims as one line of JSON.
// Exit 0 when valid; exit 1 with the error on stderr when invalid.
//   echo "$JWT" | node verify-token.mjs --api-key K --api-secret S [--header]
// --header prints {"header":{...},"claims":{...}} instead of the bare claims.
import { TokenVerifier } from 'livekit-server-sdk';
import { parseArgs, requireArgs } from './lib/args.mjs';

let args;
try {
  args = parseArgs(process.argv.slice(2), { booleans: ['header'] });
  requireArgs(args, ['api-key', 'api-secret']);
} catch (err) {
  console.error(`verify-token.mjs: ${err.message}`);
  process.exit(2);
}
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
let token = Buffer.concat(chunks).toString('utf8').trim();
if (token.startsWith('Bearer ')) token = token.slice(7).trim();
try {
  if (!token) throw new Error('no token on stdin');
  const claims = await new TokenVerifier(args['api-key'], args['api-secret']).verify(token);
  if (args.header) {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
    console.log(JSON.stringify({ header, claims }));
  } else {
    console.log(JSON.stringify(claims));
  }
} catch (err) {
  console.error(`invalid token: ${err.code ? `${err.code}: ` : ''}${err.message}`);
  process.exit(1);
}
