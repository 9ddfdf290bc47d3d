// Drives the stand-in with the SDK's EgressClient.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { EgressClient, RoomServiceClient, EncodedFileOutput, StreamOutput, StreamProtocol } from 'livekit-server-sdk';
import { EgressStatus } from '@livekit/protocol';
import { startStandin, API_KEY, API_SECRET, waitUntil } from './helpers.mjs';

let lk;
let eg;
let rs;
before(async () => {
  lk = await startStandin();
  eg = new EgressClient(lk.url, API_KEY, API_SECRET);
  rs = new RoomServiceClient(lk.url, API_KEY, API_SECRET);
});
after(() => lk.stop());
beforeEach(async () => {
  await lk.control('/_control/reset', {});
  await rs.createRoom({ name: 'live' });
});

test('StartRoomCompositeEgress -> ACTIVE -> StopEgress -> ENDING -> COMPLETE with file results', async () => {
  const info = await eg.startRoomCompositeEgress('live', {
    file: new EncodedFileOutput({ filepath: 'recordings/{room_name}.mp4' }),
    stream: new StreamOutput({ protocol: StreamProtocol.RTMP, urls: ['rtmp://127.0.0.1/live/key'] }),
  }, { layout: 'speaker' });
  assert.match(info.egressId, /^EG_/);
  assert.equal(info.status, EgressStatus.EGRESS_STARTING);
  assert.equal(info.roomName, 'live');
  assert.equal(info.request.case, 'roomComposite');
  assert.equal(info.request.value.layout, 'speaker');
  // auto STARTING -> ACTIVE after 50 ms
  let listed = await waitUntil(async () => (await eg.listEgress({ roomName: 'live', active: true }))
    .find((e) => e.status === EgressStatus.EGRESS_ACTIVE));
  assert.equal(listed.streamResults[0].url, 'rtmp://127.0.0.1/live/key');
  assert.equal((await rs.listRooms(['live']))[0].activeRecording, true);

  const stopped = await eg.stopEgress(info.egressId);
  assert.equal(stopped.status, EgressStatus.EGRESS_ENDING);
  // auto ENDING -> COMPLETE after 100 ms
  listed = await waitUntil(async () => (await eg.listEgress({ egressId: info.egressId }))
    .find((e) => e.status === EgressStatus.EGRESS_COMPLETE));
  assert.equal(listed.fileResults.length, 1);
  assert.equal(listed.fileResults[0].filename, 'recordings/live.mp4');
  assert.ok(listed.fileResults[0].size > 0n);
  assert.ok(listed.endedAt > listed.startedAt);
  assert.deepEqual(await eg.listEgress({ roomName: 'live', active: true }), []);

  await assert.rejects(eg.stopEgress(info.egressId),
    (e) => e.status === 412 && e.code === 'failed_precondition' && e.message === 'egress with status EGRESS_COMPLETE cannot be stopped');
  await assert.rejects(eg.stopEgress('EG_doesnotexist'), (e) => e.status === 404 && e.message === 'egress does not exist');
});

test('egress for an unknown room is not_found; control can fail an egress', async () => {
  await assert.rejects(eg.startRoomCompositeEgress('nope', { filepath: 'x.mp4' }), (e) => e.status === 404);
  const info = await eg.startRoomCompositeEgress('live', { filepath: 'x.mp4' });
  const r = await lk.control('/_control/egress-end', { egressId: info.egressId, status: 'failed', error: 'disk full' });
  assert.equal(r.egress.status, 'EGRESS_FAILED');
  assert.equal(r.egress.error, 'disk full');
  const [listed] = await eg.listEgress({ egressId: info.egressId });
  assert.equal(listed.status, EgressStatus.EGRESS_FAILED);
});

test('ListEgress needs roomRecord; the SDK token carries it', async () => {
  await eg.startRoomCompositeEgress('live', { filepath: 'x.mp4' });
  const { requests } = await lk.control('/_control/log?method=StartRoomCompositeEgress');
  assert.equal(requests[0].claims.video.roomRecord, true);
  assert.equal(requests[0].service, 'livekit.Egress');
  assert.equal(requests[0].request.file_outputs[0].filepath, 'x.mp4');
});
