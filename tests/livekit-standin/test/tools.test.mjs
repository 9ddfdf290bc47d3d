// The CLI tools the C++ tests call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AccessToken, WebhookReceiver } from 'livekit-server-sdk';
import { ROOT, API_KEY, API_SECRET } from './helpers.mjs';

const exec = promisify(execFile);
function run(script, args, input) {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(ROOT, script), ...args], (err, stdout, stderr) => {
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}
const KEYS = ['--api-key', API_KEY, '--api-secret', API_SECRET];

test('mint-token -> verify-token round trip; claims as LiveKit expects', async () => {
  const mint = await run('mint-token.mjs', [...KEYS, '--identity', 'viewer-7', '--room', 'show', '--ttl', '120']);
  assert.equal(mint.code, 0, mint.stderr);
  const jwt = mint.stdout.trim();
  assert.match(jwt, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const v = await run('verify-token.mjs', [...KEYS, '--header'], jwt);
  assert.equal(v.code, 0, v.stderr);
  const { header, claims } = JSON.parse(v.stdout);
  assert.deepEqual(header, { alg: 'HS256' });
  assert.deepEqual(Object.keys(claims), ['video', 'iss', 'exp', 'nbf', 'sub']);
  assert.equal(claims.sub, 'viewer-7');
  assert.equal(claims.iss, API_KEY);
  assert.equal(claims.exp - claims.nbf, 120);
  assert.deepEqual(claims.video, { roomJoin: true, room: 'show', canPublish: false, canSubscribe: true, canPublishData: false });
});

test('mint-token publisher flags, sources, sha256', async () => {
  const mint = await run('mint-token.mjs', [...KEYS, '--identity', 'host', '--room', 'show', '--can-publish',
    '--can-publish-sources', 'camera,microphone', '--sha256', 'abc=', '--name', 'Host']);
  const v = await run('verify-token.mjs', KEYS, mint.stdout);
  const claims = JSON.parse(v.stdout);
  assert.equal(claims.video.canPublish, true);
  assert.equal(claims.video.canPublishData, true);
  assert.deepEqual(claims.video.canPublishSources, ['camera', 'microphone']);
  assert.equal(claims.sha256, 'abc=');
  assert.equal(claims.name, 'Host');
});

test('verify-token rejects a token from another secret, an expired one, and garbage', async () => {
  const at = new AccessToken(API_KEY, 'another-secret', { identity: 'x' });
  const bad = await run('verify-token.mjs', KEYS, await at.toJwt());
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /signature verification failed/);
  assert.equal(bad.stdout, '');
  const garbage = await run('verify-token.mjs', KEYS, 'nope');
  assert.equal(garbage.code, 1);
  const empty = await run('verify-token.mjs', KEYS, '');
  assert.equal(empty.code, 1);
});

test('sign-webhook output is accepted by WebhookReceiver for that exact body', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lk-'));
  const file = path.join(dir, 'body.json');
  const body = '{"event":"room_started","room":{"sid":"RM_a","name":"a"},"id":"EV_1","createdAt":"1700000000"}';
  writeFileSync(file, body);
  const s = await run('sign-webhook.mjs', [...KEYS, '--body-file', file]);
  assert.equal(s.code, 0, s.stderr);
  const ev = await new WebhookReceiver(API_KEY, API_SECRET).receive(body, s.stdout.trim());
  assert.equal(ev.room.name, 'a');
  await assert.rejects(new WebhookReceiver(API_KEY, API_SECRET).receive(`${body} `, s.stdout.trim()), /sha256/);
  const s2 = await run('sign-webhook.mjs', KEYS, body); // stdin
  await new WebhookReceiver(API_KEY, API_SECRET).receive(body, s2.stdout.trim());
});

test('bench-token prints its rate line', async () => {
  const { stdout } = await exec(process.execPath, [path.join(ROOT, 'bench-token.mjs'), '--seconds', '0.3']);
  assert.match(stdout, /^livekit-server-sdk AccessToken\.toJwt: \d+ tokens\/s\n$/);
});

test('server.mjs refuses to start without keys', async () => {
  const r = await run('server.mjs', ['--port', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--api-key is required/);
});
