// Drives the stand-in with the SDK's own RoomServiceClient: if the SDK can
// talk to it, the stand-in speaks LiveKit's RoomService wire format.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { RoomServiceClient, AccessToken, DataPacket_Kind } from 'livekit-server-sdk';
import { TrackSource } from '@livekit/protocol';
import { startStandin, twirp, API_KEY, API_SECRET } from './helpers.mjs';

let lk;
let rs;
before(async () => {
  lk = await startStandin();
  rs = new RoomServiceClient(lk.url, API_KEY, API_SECRET);
});
after(() => lk.stop());
beforeEach(() => lk.control('/_control/reset', {}));

async function adminToken(grant) {
  const at = new AccessToken(API_KEY, API_SECRET, { ttl: '10m' });
  at.addGrant(grant);
  return at.toJwt();
}

test('CreateRoom returns the Room the SDK parses, with LiveKit defaults', async () => {
  const room = await rs.createRoom({ name: 'show-1', emptyTimeout: 60, maxParticipants: 50, metadata: '{"title":"x"}' });
  assert.equal(room.name, 'show-1');
  assert.match(room.sid, /^RM_[0-9A-Za-z]{12}$/);
  assert.equal(room.emptyTimeout, 60);
  assert.equal(room.departureTimeout, 20);
  assert.equal(room.maxParticipants, 50);
  assert.equal(room.metadata, '{"title":"x"}');
  assert.ok(Math.abs(Number(room.creationTime) - Date.now() / 1000) < 5);
  const again = await rs.createRoom({ name: 'show-1' });
  assert.equal(again.sid, room.sid, 'CreateRoom on an existing room returns it');
  const defaults = await rs.createRoom({ name: 'show-2' });
  assert.equal(defaults.emptyTimeout, 300);
});

test('responses are snake_case, emit zero values, null for unset messages, int64 as strings', async () => {
  const token = await adminToken({ roomCreate: true });
  const r = await twirp(lk.url, 'RoomService', 'CreateRoom', { name: 'wire' }, { token });
  assert.equal(r.status, 200);
  assert.equal(r.contentType, 'application/json');
  assert.equal(r.json.name, 'wire');
  assert.equal(r.json.empty_timeout, 300);
  assert.equal(r.json.num_participants, 0);
  assert.equal(r.json.active_recording, false);
  assert.equal(r.json.metadata, '');
  assert.equal(typeof r.json.creation_time, 'string');
  assert.ok(!('emptyTimeout' in r.json));
  const t2 = await adminToken({ roomAdmin: true, room: 'wire' });
  await lk.control('/_control/participant', { room: 'wire', identity: 'v', action: 'join' });
  const p = await twirp(lk.url, 'RoomService', 'GetParticipant', { room: 'wire', identity: 'v' }, { token: t2 });
  assert.equal(p.status, 200);
  assert.equal(p.json.state, 'ACTIVE');
  assert.equal(p.json.kind, 'STANDARD');
  assert.deepEqual(p.json.tracks, []);
  assert.deepEqual(p.json.attributes, {});
  assert.equal(p.json.is_publisher, false);
  assert.equal(p.json.permission.can_subscribe, true);
  assert.deepEqual(p.json.permission.can_publish_sources, []);
  const del = await twirp(lk.url, 'RoomService', 'DeleteRoom', { room: 'wire' }, { token });
  assert.equal(del.text, '{}');
});

test('ListRooms with and without names', async () => {
  await rs.createRoom({ name: 'a' });
  await rs.createRoom({ name: 'b' });
  assert.deepEqual((await rs.listRooms()).map((r) => r.name), ['a', 'b']);
  assert.deepEqual((await rs.listRooms(['b', 'zzz'])).map((r) => r.name), ['b']);
});

test('participants: list, get, update, mute, remove', async () => {
  await rs.createRoom({ name: 'r' });
  await lk.control('/_control/participant', { room: 'r', identity: 'pub', kind: 'publisher', action: 'join' });
  await lk.control('/_control/participant', { room: 'r', identity: 'pub', action: 'publish', track: { type: 'VIDEO', source: 'CAMERA', name: 'cam' } });
  await lk.control('/_control/participant', { room: 'r', identity: 'viewer', action: 'join' });
  const list = await rs.listParticipants('r');
  assert.deepEqual(list.map((p) => p.identity).sort(), ['pub', 'viewer']);
  const pub = await rs.getParticipant('r', 'pub');
  assert.equal(pub.isPublisher, true);
  assert.equal(pub.tracks.length, 1);
  assert.equal(pub.tracks[0].source, TrackSource.CAMERA);
  assert.equal(pub.permission.canPublish, true);

  const upd = await rs.updateParticipant('r', 'viewer', {
    metadata: '{"role":"mod"}',
    attributes: { a: '1' },
    permission: { canSubscribe: true, canPublish: false, canPublishData: true },
  });
  assert.equal(upd.metadata, '{"role":"mod"}');
  assert.deepEqual(upd.attributes, { a: '1' });
  assert.equal(upd.permission.canPublishData, true);

  const track = await rs.mutePublishedTrack('r', 'pub', pub.tracks[0].sid, true);
  assert.equal(track.muted, true);
  await assert.rejects(rs.mutePublishedTrack('r', 'pub', pub.tracks[0].sid, false), (e) => e.status === 412 && e.code === 'failed_precondition');
  await lk.control('/_control/config', { enableRemoteUnmute: true });
  assert.equal((await rs.mutePublishedTrack('r', 'pub', pub.tracks[0].sid, false)).muted, false);
  await assert.rejects(rs.mutePublishedTrack('r', 'pub', 'TR_nope', true), (e) => e.status === 404 && e.message === 'track is not found');

  await rs.removeParticipant('r', 'viewer');
  assert.deepEqual((await rs.listParticipants('r')).map((p) => p.identity), ['pub']);
  await assert.rejects(rs.removeParticipant('r', 'viewer'), (e) => e.status === 404 && e.code === 'not_found');
  const [room] = await rs.listRooms(['r']);
  assert.equal(room.numParticipants, 1);
  assert.equal(room.numPublishers, 1);
});

test('UpdateRoomMetadata, SendData, DeleteRoom and not_found', async () => {
  await rs.createRoom({ name: 'm' });
  const room = await rs.updateRoomMetadata('m', 'new-meta');
  assert.equal(room.metadata, 'new-meta');
  await rs.sendData('m', new TextEncoder().encode('hello'), DataPacket_Kind.RELIABLE, { topic: 'chat' });
  const log = await lk.control('/_control/log?method=SendData');
  assert.equal(log.requests.length, 1);
  assert.equal(Buffer.from(log.requests[0].request.data, 'base64').toString(), 'hello');
  assert.equal(log.requests[0].request.topic, 'chat');
  assert.equal(log.requests[0].claims.video.room, 'm');
  assert.equal(log.requests[0].claims.video.roomAdmin, true);

  await rs.deleteRoom('m');
  assert.deepEqual(await rs.listRooms(), []);
  await assert.rejects(rs.deleteRoom('m'), (e) => e.status === 404 && e.code === 'not_found' && e.message === 'requested room does not exist');
  await assert.rejects(rs.updateRoomMetadata('m', 'x'), (e) => e.status === 404);
  await assert.rejects(rs.getParticipant('m', 'x'), (e) => e.status === 404 && e.message === 'participant does not exist');
  assert.deepEqual(await rs.listParticipants('m'), [], 'unknown room lists no participants, like LiveKit');
});

test('the log records what the client sent, parsed and raw', async () => {
  await rs.createRoom({ name: 'logged', emptyTimeout: 10 });
  const { requests } = await lk.control('/_control/log');
  assert.equal(requests.length, 1);
  const e = requests[0];
  assert.equal(e.service, 'livekit.RoomService');
  assert.equal(e.method, 'CreateRoom');
  assert.deepEqual(e.body, { name: 'logged', emptyTimeout: 10 }); // the SDK sends camelCase
  assert.deepEqual(e.request, { name: 'logged', empty_timeout: 10 }); // normalized, proto names
  assert.equal(e.claims.iss, API_KEY);
  assert.equal(e.claims.video.roomCreate, true);
  assert.equal(e.status, 200);
});
