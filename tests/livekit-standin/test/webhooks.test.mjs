// Webhooks as LiveKit sends them, checked with the SDK's WebhookReceiver.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { RoomServiceClient, EgressClient, TokenVerifier } from 'livekit-server-sdk';
import { EgressStatus, ParticipantInfo_State, TrackSource, TrackType, DisconnectReason } from '@livekit/protocol';
import { startStandin, startReceiver, API_KEY, API_SECRET, waitUntil } from './helpers.mjs';

let lk;
let rx;
let rs;
before(async () => {
  rx = await startReceiver();
  lk = await startStandin({ webhookUrl: rx.url });
  rs = new RoomServiceClient(lk.url, API_KEY, API_SECRET);
});
after(async () => {
  await lk.stop();
  await rx.close();
});
beforeEach(async () => {
  await lk.control('/_control/reset', {});
  rx.clear();
});

test('participant lifecycle: room_started, participant_joined, track_published, track_unpublished, participant_left, room_finished', async () => {
  const join = await lk.control('/_control/participant', { room: 'show', identity: 'host', kind: 'publisher', action: 'join' });
  assert.deepEqual(join.webhooks.map((w) => [w.event, w.status]), [['room_started', 200], ['participant_joined', 200]]);
  await lk.control('/_control/participant', { room: 'show', identity: 'host', action: 'publish', track: { type: 'VIDEO' } });
  await lk.control('/_control/participant', { room: 'show', identity: 'host', action: 'leave', finishRoomIfEmpty: true });
  const got = await rx.waitFor(6);
  for (const r of got) assert.equal(r.error, null, r.error);
  assert.deepEqual(got.map((r) => r.event.event),
    ['room_started', 'participant_joined', 'track_published', 'track_unpublished', 'participant_left', 'room_finished']);
  const [started, joined, published, , left] = got.map((r) => r.event);
  assert.equal(started.room.name, 'show');
  assert.equal(joined.participant.identity, 'host');
  assert.equal(joined.participant.state, ParticipantInfo_State.ACTIVE);
  assert.equal(joined.room.numParticipants, 1);
  assert.equal(published.track.type, TrackType.VIDEO);
  assert.equal(published.track.source, TrackSource.CAMERA);
  assert.equal(left.participant.state, ParticipantInfo_State.DISCONNECTED);
  assert.equal(left.participant.disconnectReason, DisconnectReason.CLIENT_INITIATED);
  assert.match(joined.id, /^EV_/);
  assert.ok(Math.abs(Number(joined.createdAt) - Date.now() / 1000) < 5);
});

test('wire format: POST, application/webhook+json, bare JWT with sha256 of the raw body, camelCase body', async () => {
  await lk.control('/_control/participant', { room: 'wire', identity: 'v', action: 'join' });
  const [, joined] = await rx.waitFor(2);
  assert.equal(joined.headers['content-type'], 'application/webhook+json');
  const auth = joined.headers.authorization;
  assert.ok(!auth.startsWith('Bearer '));
  const claims = await new TokenVerifier(API_KEY, API_SECRET).verify(auth);
  assert.equal(claims.sha256, createHash('sha256').update(joined.raw).digest('base64'));
  assert.equal(claims.iss, API_KEY);
  assert.equal(claims.exp - claims.nbf, 300, 'valid for 5 minutes');
  const body = JSON.parse(joined.raw);
  assert.equal(body.event, 'participant_joined');
  assert.equal(typeof body.createdAt, 'string', 'int64 as string');
  assert.ok(body.room.numParticipants === 1 && !('num_participants' in body.room), 'camelCase');
  assert.ok(!('metadata' in body.room), 'zero values omitted');
  assert.equal(body.participant.state, 'ACTIVE');
});

test('RoomService API calls emit webhooks too (CreateRoom, RemoveParticipant, DeleteRoom)', async () => {
  await rs.createRoom({ name: 'api' });
  await lk.control('/_control/participant', { room: 'api', identity: 'a', action: 'join' });
  await rs.removeParticipant('api', 'a');
  await rs.deleteRoom('api');
  await lk.control('/_control/flush', {});
  const got = await rx.waitFor(4);
  assert.deepEqual(got.map((r) => r.event.event), ['room_started', 'participant_joined', 'participant_left', 'room_finished']);
  assert.equal(got[2].event.participant.disconnectReason, DisconnectReason.PARTICIPANT_REMOVED);
});

test('egress webhooks: egress_started, egress_updated, egress_ended with file results', async () => {
  const eg = new EgressClient(lk.url, API_KEY, API_SECRET);
  await rs.createRoom({ name: 'rec' });
  await lk.control('/_control/config', { autoEgressEndMs: -1 });
  const info = await eg.startRoomCompositeEgress('rec', { filepath: 'out/{room_name}.mp4' });
  await waitUntil(async () => (await eg.listEgress({ egressId: info.egressId }))[0].status === EgressStatus.EGRESS_ACTIVE);
  await eg.stopEgress(info.egressId);
  const end = await lk.control('/_control/egress-end', { egressId: info.egressId, status: 'complete', filename: 'out/final.mp4' });
  assert.equal(end.webhooks[0].event, 'egress_ended');
  const got = await rx.waitFor(5);
  assert.deepEqual(got.map((r) => r.event.event), ['room_started', 'egress_started', 'egress_updated', 'egress_updated', 'egress_ended']);
  assert.deepEqual(got.slice(1).map((r) => r.event.egressInfo.status),
    [EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE, EgressStatus.EGRESS_ENDING, EgressStatus.EGRESS_COMPLETE]);
  const ended = got[4].event.egressInfo;
  assert.equal(ended.egressId, info.egressId);
  assert.equal(ended.fileResults[0].filename, 'out/final.mp4');
  assert.ok('egressInfo' in JSON.parse(got[4].raw));
});

test('duplicates: same id, same body, same signature, delivered twice', async () => {
  const r = await lk.control('/_control/webhook', { event: 'participant_joined', room: 'dup', participant: 'p1', duplicate: true });
  assert.equal(r.deliveries.length, 2);
  const got = await rx.waitFor(2);
  assert.equal(got[0].raw, got[1].raw);
  assert.equal(got[0].headers.authorization, got[1].headers.authorization);
  assert.equal(got[0].event.id, r.id);
  assert.equal(got[1].event.id, r.id);
  const three = await lk.control('/_control/webhook', { event: 'room_started', room: 'dup', duplicate: 3 });
  assert.equal(three.deliveries.length, 3);
});

test('out-of-order and late delivery: delayMs and createdAt', async () => {
  const now = Math.floor(Date.now() / 1000);
  // participant_left created later but delivered first; joined arrives 300 ms late
  const joined = await lk.control('/_control/webhook', { event: 'participant_joined', room: 'ooo', participant: 'p', createdAt: now - 10, delayMs: 500 });
  assert.equal(joined.scheduled, true);
  const left = await lk.control('/_control/webhook', { event: 'participant_left', room: 'ooo', participant: 'p', createdAt: now - 5 });
  assert.equal(left.deliveries[0].status, 200);
  const got = await rx.waitFor(2);
  assert.deepEqual(got.map((r) => r.event.event), ['participant_left', 'participant_joined']);
  assert.equal(Number(got[1].event.createdAt), now - 10);
  assert.ok(got[1].at - got[0].at >= 150);
});

test('any WebhookEvent field can be set, strictly parsed', async () => {
  const r = await lk.control('/_control/webhook', {
    event: 'track_published',
    id: 'EV_custom',
    room: { name: 'x', sid: 'RM_x' },
    participant: { identity: 'p', sid: 'PA_p', state: 'ACTIVE' },
    track: { sid: 'TR_t', type: 'AUDIO', source: 'MICROPHONE' },
  });
  assert.equal(r.id, 'EV_custom');
  const [got] = await rx.waitFor(1);
  assert.equal(got.event.track.source, TrackSource.MICROPHONE);
  const bad = await fetch(`${lk.url}/_control/webhook`, { method: 'POST', body: JSON.stringify({ event: 'x', bogus: 1 }) });
  assert.equal(bad.status, 400);
});

test('bad signatures are rejected by WebhookReceiver', async () => {
  const expect = {
    'wrong-secret': /signature verification failed/,
    'wrong-key': /unexpected "iss" claim value/,
    'bad-sha256': /sha256 checksum of body does not match/,
    expired: /"exp" claim timestamp check failed/,
    none: /authorization header is empty/,
    'alg-none': /alg|algorithm|signature|unsecured/i,
  };
  for (const [sign, re] of Object.entries(expect)) {
    rx.clear();
    const r = await lk.control('/_control/webhook', { event: 'room_started', room: 'sig', sign });
    assert.equal(r.deliveries[0].status, 401, sign);
    const [got] = await rx.waitFor(1);
    assert.match(got.error, re, sign);
  }
});

test('the webhook log shows what was sent and how the receiver answered', async () => {
  await lk.control('/_control/webhook', { event: 'room_started', room: 'l' });
  const { webhooks } = await lk.control('/_control/webhooks');
  assert.equal(webhooks.length, 1);
  assert.equal(webhooks[0].status, 200);
  assert.equal(webhooks[0].response, 'ok');
  assert.equal(webhooks[0].url, rx.url);
  assert.equal(JSON.parse(webhooks[0].body).room.name, 'l');
});
