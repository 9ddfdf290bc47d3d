// Request bodies go through @livekit/protocol's strict fromJson; Twirp routing
// errors look like twirp-go's.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { AccessToken } from 'livekit-server-sdk';
import { startStandin, twirp, API_KEY, API_SECRET } from './helpers.mjs';

let lk;
let tok;
before(async () => {
  lk = await startStandin();
  const at = new AccessToken(API_KEY, API_SECRET);
  at.addGrant({ roomCreate: true, roomList: true, roomRecord: true });
  tok = await at.toJwt();
});
after(() => lk.stop());
beforeEach(() => lk.control('/_control/reset', {}));

const MALFORMED = { code: 'malformed', msg: 'the json request could not be decoded' };

test('unknown field -> 400 malformed, cause in X-Standin-Cause and the log', async () => {
  const r = await twirp(lk.url, 'RoomService', 'CreateRoom', { name: 'x', emptyTimeoutSeconds: 5 }, { token: tok });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json, MALFORMED);
  const { requests } = await lk.control('/_control/log');
  assert.match(requests[0].parseError, /key "emptyTimeoutSeconds" is unknown/);
  const state = await lk.control('/_control/state');
  assert.equal(state.rooms.length, 0, 'nothing was created');
});

test('wrong types, non-JSON and empty bodies -> 400 malformed', async () => {
  for (const rawBody of ['{"name": 5}', '{"empty_timeout": "abc"}', '{"name": "x"', '', '[]', 'null']) {
    const r = await twirp(lk.url, 'RoomService', 'CreateRoom', null, { token: tok, rawBody });
    assert.equal(r.status, 400, rawBody);
    assert.deepEqual(r.json, MALFORMED, rawBody);
  }
});

test('both proto names and JSON names are accepted (like protojson)', async () => {
  const a = await twirp(lk.url, 'RoomService', 'CreateRoom', { name: 'a', empty_timeout: 7 }, { token: tok });
  const b = await twirp(lk.url, 'RoomService', 'CreateRoom', { name: 'b', emptyTimeout: 8 }, { token: tok });
  assert.equal(a.json.empty_timeout, 7);
  assert.equal(b.json.empty_timeout, 8);
  const c = await twirp(lk.url, 'RoomService', 'CreateRoom', { name: 'c', max_participants: '12' }, { token: tok });
  assert.equal(c.json.max_participants, 12, 'numbers in strings are valid protojson');
});

test('invalid_argument for semantic errors', async () => {
  const r = await twirp(lk.url, 'RoomService', 'CreateRoom', {}, { token: tok });
  assert.deepEqual([r.status, r.json], [400, { code: 'invalid_argument', msg: 'no room name' }]);
});

test('routing errors: content type, HTTP method, unknown and unimplemented methods', async () => {
  const ct = await twirp(lk.url, 'RoomService', 'ListRooms', {}, { token: tok, contentType: 'text/plain' });
  assert.equal(ct.status, 404);
  assert.equal(ct.json.code, 'bad_route');
  assert.equal(ct.json.msg, 'unexpected Content-Type: "text/plain"');
  const charset = await twirp(lk.url, 'RoomService', 'ListRooms', {}, { token: tok, contentType: 'application/json; charset=utf-8' });
  assert.equal(charset.status, 200);

  const get = await fetch(`${lk.url}/twirp/livekit.RoomService/ListRooms`);
  assert.equal(get.status, 404);
  assert.deepEqual(await get.json(), {
    code: 'bad_route',
    msg: 'unsupported method "GET" (only POST is allowed)',
    meta: { twirp_invalid_route: 'GET /twirp/livekit.RoomService/ListRooms' },
  });

  const unknown = await twirp(lk.url, 'RoomService', 'NoSuchMethod', {}, { token: tok });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.code, 'bad_route');
  const unimpl = await twirp(lk.url, 'Egress', 'StartWebEgress', {}, { token: tok });
  assert.equal(unimpl.status, 501);
  assert.equal(unimpl.json.code, 'unimplemented');
});
