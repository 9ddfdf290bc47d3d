// Failure injection for onair's retry and circuit-breaker tests.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { RoomServiceClient } from 'livekit-server-sdk';
import { startStandin, API_KEY, API_SECRET } from './helpers.mjs';

let lk;
let rs;
before(async () => {
  lk = await startStandin();
  rs = new RoomServiceClient(lk.url, API_KEY, API_SECRET, { requestTimeout: 1 });
});
after(() => lk.stop());
beforeEach(() => lk.control('/_control/reset', {}));

test('503 for the next N calls of one method, then normal service', async () => {
  await lk.control('/_control/fail', { method: 'CreateRoom', mode: '503', count: 2 });
  for (let i = 0; i < 2; i++) {
    await assert.rejects(rs.createRoom({ name: 'x' }),
      (e) => e.status === 503 && e.code === 'unavailable' && e.message === 'injected failure (503)');
  }
  assert.deepEqual(await rs.listRooms(), [], 'other methods unaffected');
  assert.equal((await rs.createRoom({ name: 'x' })).name, 'x');
  const { requests } = await lk.control('/_control/log?method=CreateRoom');
  assert.deepEqual(requests.map((r) => [r.injected, r.status]), [['503', 503], ['503', 503], [null, 200]]);
  assert.equal(requests[0].body.name, 'x', 'failed attempts are logged with their body');
});

test('"*" matches every method; count -1 until mode "off"', async () => {
  await lk.control('/_control/fail', { method: '*', mode: '500', count: -1 });
  for (let i = 0; i < 3; i++) await assert.rejects(rs.listRooms(), (e) => e.status === 500 && e.code === 'internal');
  await lk.control('/_control/fail', { method: '*', mode: 'off' });
  assert.deepEqual(await rs.listRooms(), []);
});

test('timeout: the request is never answered (client times out)', async () => {
  await lk.control('/_control/fail', { method: 'ListRooms', mode: 'timeout' });
  const t0 = Date.now();
  await assert.rejects(rs.listRooms(), (e) => e.name === 'TimeoutError');
  assert.ok(Date.now() - t0 >= 900);
  assert.deepEqual(await rs.listRooms(), []);
});

test('reset: the connection is torn down mid-request', async () => {
  await lk.control('/_control/fail', { method: 'ListRooms', mode: 'reset' });
  await assert.rejects(rs.listRooms(), (e) => e instanceof TypeError && /fetch failed/.test(e.message));
  assert.deepEqual(await rs.listRooms(), []);
});

test('delay: answered normally after delayMs', async () => {
  await lk.control('/_control/fail', { method: 'ListRooms', mode: 'delay', delayMs: 300 });
  const t0 = Date.now();
  assert.deepEqual(await rs.listRooms(), []);
  assert.ok(Date.now() - t0 >= 280);
});

test('bad control input is refused', async () => {
  const r = await fetch(`${lk.url}/_control/fail`, { method: 'POST', body: JSON.stringify({ method: 'X', mode: 'explode' }) });
  assert.equal(r.status, 400);
});
