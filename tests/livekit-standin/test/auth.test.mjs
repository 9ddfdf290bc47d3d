// Authorization exactly as livekit-server's APIKeyAuthMiddleware + EnsureXPermission.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { AccessToken, RoomServiceClient, EgressClient } from 'livekit-server-sdk';
import { startStandin, twirp, API_KEY, API_SECRET } from './helpers.mjs';
import { rawJwt } from '../lib/webhook.mjs';

let lk;
before(async () => {
  lk = await startStandin();
});
after(() => lk.stop());
beforeEach(async () => {
  await lk.control('/_control/reset', {});
  await new RoomServiceClient(lk.url, API_KEY, API_SECRET).createRoom({ name: 'room-a' });
});

async function token(grant, { key = API_KEY, secret = API_SECRET, ttl = '10m', identity } = {}) {
  const at = new AccessToken(key, secret, { ttl, identity });
  if (grant) at.addGrant(grant);
  return at.toJwt();
}

test('no token: handler rejects with twirp unauthenticated 401 "permissions denied"', async () => {
  const r = await twirp(lk.url, 'RoomService', 'ListRooms', {});
  assert.equal(r.status, 401);
  assert.equal(r.contentType, 'application/json');
  assert.deepEqual(r.json, { code: 'unauthenticated', msg: 'permissions denied' });
});

test('wrong secret / wrong key / expired / garbage: middleware 401 in plain text', async () => {
  const wrongSecret = await twirp(lk.url, 'RoomService', 'ListRooms', {}, { token: await token({ roomList: true }, { secret: 'other-secret' }) });
  assert.equal(wrongSecret.status, 401);
  assert.match(wrongSecret.contentType, /^text\/plain/);
  assert.match(wrongSecret.text, /^invalid token: .*, error: signature verification failed$/);

  const wrongKey = await twirp(lk.url, 'RoomService', 'ListRooms', {}, { token: await token({ roomList: true }, { key: 'APIother' }) });
  assert.equal(wrongKey.status, 401);
  assert.equal(wrongKey.text, 'invalid API key: APIother');

  const now = Math.floor(Date.now() / 1000);
  const expired = rawJwt({ iss: API_KEY, nbf: now - 600, exp: now - 300, video: { roomList: true } }, API_SECRET);
  const exp = await twirp(lk.url, 'RoomService', 'ListRooms', {}, { token: expired });
  assert.equal(exp.status, 401);
  assert.match(exp.text, /error: "exp" claim timestamp check failed/);

  const noExp = rawJwt({ iss: API_KEY, nbf: now - 5, video: { roomList: true } }, API_SECRET);
  assert.equal((await twirp(lk.url, 'RoomService', 'ListRooms', {}, { token: noExp })).status, 401);

  const garbage = await twirp(lk.url, 'RoomService', 'ListRooms', {}, { token: 'not-a-jwt' });
  assert.deepEqual([garbage.status, garbage.text], [401, 'invalid authorization token']);

  const basic = await twirp(lk.url, 'RoomService', 'ListRooms', {}, { headers: { Authorization: 'Basic abc' } });
  assert.deepEqual([basic.status, basic.text], [401, 'invalid authorization header. Must start with Bearer ']);
});

test('missing grants per method', async () => {
  const listOnly = await token({ roomList: true });
  const cases = [
    ['RoomService', 'CreateRoom', { name: 'x' }, listOnly],
    ['RoomService', 'DeleteRoom', { room: 'room-a' }, listOnly],
    ['RoomService', 'ListRooms', {}, await token({ roomCreate: true })],
    ['RoomService', 'ListParticipants', { room: 'room-a' }, await token({ roomAdmin: true, room: 'room-b' })],
    ['RoomService', 'ListParticipants', { room: 'room-a' }, await token({ roomAdmin: false, room: 'room-a' })],
    ['RoomService', 'UpdateRoomMetadata', { room: 'room-a', metadata: 'x' }, await token({ roomJoin: true, room: 'room-a' }, { identity: 'viewer-1' })],
    ['RoomService', 'SendData', { room: 'room-a' }, await token({ roomCreate: true, roomList: true })],
    ['Egress', 'ListEgress', {}, await token({ roomAdmin: true, room: 'room-a', roomCreate: true })],
    ['Egress', 'StartRoomCompositeEgress', { room_name: 'room-a' }, listOnly],
    ['RoomService', 'ListRooms', {}, await token(null)],
  ];
  for (const [svc, m, body, tok] of cases) {
    const r = await twirp(lk.url, svc, m, body, { token: tok });
    assert.equal(r.status, 401, `${m} should be refused`);
    assert.deepEqual(r.json, { code: 'unauthenticated', msg: 'permissions denied' }, m);
  }
  // and the matching grants pass
  const ok = await twirp(lk.url, 'RoomService', 'ListParticipants', { room: 'room-a' }, { token: await token({ roomAdmin: true, room: 'room-a' }) });
  assert.equal(ok.status, 200);
  const ok2 = await twirp(lk.url, 'Egress', 'ListEgress', {}, { token: await token({ roomRecord: true }) });
  assert.deepEqual([ok2.status, ok2.json], [200, { items: [], next_page_token: null }]);
});

test('the SDK surfaces auth errors with status and code', async () => {
  const rs = new RoomServiceClient(lk.url, API_KEY, 'wrong-secret');
  await assert.rejects(rs.listRooms(), (e) => e.status === 401 && e.code === undefined && /signature/.test(e.message));
  const eg = new EgressClient(lk.url, API_KEY, API_SECRET, { token: await token({ roomList: true }) });
  await assert.rejects(eg.listEgress(), (e) => e.status === 401 && e.code === 'unauthenticated');
});
