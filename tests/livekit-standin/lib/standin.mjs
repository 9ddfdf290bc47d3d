// The LiveKit stand-in: Twirp RoomService/Egress over HTTP/1.1 JSON, LiveKit's
// auth rules, in-memory rooms/participants/egresses, signed webhooks, and a
// control API (/_control/*) for tests. See README.md.
import http from 'node:http';
import * as P from '@livekit/protocol';
import { TokenVerifier } from 'livekit-server-sdk';
import { guid, Prefix, twirpJson, webhookJson, TwirpError, twirpCodeForHttpStatus } from './wire.mjs';
import { authorizationFor, postWebhook, WEBHOOK_CONTENT_TYPE } from './webhook.mjs';

const nowS = () => Math.floor(Date.now() / 1000);
const nowNs = () => BigInt(Date.now()) * 1000000n;

// LiveKit's defaults for rooms created without explicit settings.
const DEFAULT_EMPTY_TIMEOUT = 300;
const DEFAULT_DEPARTURE_TIMEOUT = 20;
const DEFAULT_CODECS = ['audio/opus', 'audio/red', 'video/VP8', 'video/H264', 'video/VP9', 'video/AV1'];

const ACTIVE_EGRESS = new Set([P.EgressStatus.EGRESS_STARTING, P.EgressStatus.EGRESS_ACTIVE]);

// ---------------------------------------------------------------- permissions
// Mirrors livekit-server pkg/service/auth.go. Every failure is reported by
// the handlers as twirp `unauthenticated` (HTTP 401) with msg
// "permissions denied" (twirpAuthError), NOT permission_denied/403.
const permissionDenied = () => new TwirpError('unauthenticated', 'permissions denied');

function ensureCreate(claims) {
  if (!claims?.video?.roomCreate) throw permissionDenied();
}
function ensureList(claims) {
  if (!claims?.video?.roomList) throw permissionDenied();
}
function ensureRecord(claims) {
  if (!claims?.video?.roomRecord) throw permissionDenied();
}
function ensureAdmin(claims, room) {
  const v = claims?.video;
  if (!v || !v.roomAdmin || (v.room ?? '') !== room) throw permissionDenied();
}

const roomNotFound = () => new TwirpError('not_found', 'requested room does not exist');
const participantNotFound = () => new TwirpError('not_found', 'participant does not exist');

// ------------------------------------------------------------------ the table
// method -> [request type, response type, handler]
function methodTable(s) {
  return {
    'livekit.RoomService': {
      CreateRoom: [P.CreateRoomRequest, (c, r) => s.createRoom(c, r)],
      ListRooms: [P.ListRoomsRequest, (c, r) => s.listRooms(c, r)],
      DeleteRoom: [P.DeleteRoomRequest, (c, r) => s.deleteRoom(c, r)],
      ListParticipants: [P.ListParticipantsRequest, (c, r) => s.listParticipants(c, r)],
      GetParticipant: [P.RoomParticipantIdentity, (c, r) => s.getParticipant(c, r)],
      RemoveParticipant: [P.RoomParticipantIdentity, (c, r) => s.removeParticipant(c, r)],
      MutePublishedTrack: [P.MuteRoomTrackRequest, (c, r) => s.mutePublishedTrack(c, r)],
      UpdateParticipant: [P.UpdateParticipantRequest, (c, r) => s.updateParticipant(c, r)],
      UpdateRoomMetadata: [P.UpdateRoomMetadataRequest, (c, r) => s.updateRoomMetadata(c, r)],
      SendData: [P.SendDataRequest, (c, r) => s.sendData(c, r)],
    },
    'livekit.Egress': {
      StartRoomCompositeEgress: [P.RoomCompositeEgressRequest, (c, r) => s.startRoomCompositeEgress(c, r)],
      StopEgress: [P.StopEgressRequest, (c, r) => s.stopEgress(c, r)],
      ListEgress: [P.ListEgressRequest, (c, r) => s.listEgress(c, r)],
    },
  };
}

// Methods real LiveKit serves that the stand-in does not: answered with
// twirp `unimplemented` (501) so a test notices rather than getting bad_route.
const UNIMPLEMENTED = {
  'livekit.RoomService': ['UpdateSubscriptions', 'ForwardParticipant', 'MoveParticipant', 'PerformRpc'],
  'livekit.Egress': [
    'StartWebEgress', 'StartParticipantEgress', 'StartTrackCompositeEgress', 'StartTrackEgress',
    'UpdateLayout', 'UpdateStream', 'StartEgress',
  ],
};

class ControlError extends Error {
  constructor(status, msg) {
    super(msg);
    this.status = status;
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeJwtUnverified(token) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

function jsonSafe(v) {
  return JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x)));
}

export class LiveKitStandin {
  constructor({ apiKey, apiSecret, webhookUrl, host = '127.0.0.1', quiet = true } = {}) {
    if (!apiKey || !apiSecret) throw new Error('apiKey and apiSecret are required');
    this.apiKey = apiKey;
    this.apiSecret = apiSecret;
    this.host = host;
    this.quiet = quiet;
    this.defaults = {
      webhookUrl: webhookUrl || null,
      autoEgressActiveMs: 50, // STARTING -> ACTIVE (egress_updated) after this; -1 = never
      autoEgressEndMs: 100, // after StopEgress: ENDING -> COMPLETE (egress_ended); -1 = never
      enableRemoteUnmute: false, // LiveKit's room.enable_remote_unmute (default false)
    };
    this.verifier = new TokenVerifier(apiKey, apiSecret);
    this.methods = methodTable(this);
    this.server = http.createServer((req, res) => this.dispatch(req, res));
    this.sockets = new Set();
    this.server.on('connection', (sock) => {
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
    });
    this.resetState();
  }

  resetState() {
    for (const t of this.timers ?? []) clearTimeout(t);
    for (const r of this.heldRequests ?? []) r.destroy();
    this.config = { ...this.defaults };
    this.rooms = new Map(); // name -> { room: Room, participants: Map<identity, ParticipantInfo> }
    this.egresses = new Map(); // egress_id -> EgressInfo
    this.requestLog = [];
    this.webhookLog = [];
    this.failures = [];
    this.timers = new Set();
    this.heldRequests = new Set();
    this.seq = 0;
    this.whSeq = 0;
    this.webhookQueue = Promise.resolve();
  }

  async listen(port = 0) {
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.host, resolve);
    });
    return this.server.address().port;
  }

  async close() {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }

  later(ms, fn) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  // ------------------------------------------------------------ HTTP routing
  async dispatch(req, res) {
    const url = new URL(req.url, 'http://standin');
    try {
      if (url.pathname.startsWith('/_control/')) return await this.handleControl(req, res, url);
      if (url.pathname.startsWith('/twirp/')) return await this.handleTwirp(req, res, url);
      if (url.pathname === '/' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        return res.end('OK');
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
    } catch (err) {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`stand-in internal error: ${err.stack ?? err}`);
      }
    }
  }

  takeFailure(method) {
    for (const f of this.failures) {
      if (f.remaining === 0) continue;
      if (f.method === '*' || f.method === method || f.method.endsWith(`/${method}`)) {
        if (f.remaining > 0) f.remaining -= 1;
        return f;
      }
    }
    return null;
  }

  sendTwirpError(res, entry, err, extraHeaders = {}) {
    const body = JSON.stringify(err.body());
    entry.status = err.status;
    entry.error = err.body();
    res.writeHead(err.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      ...extraHeaders,
    });
    res.end(body);
  }

  async handleTwirp(req, res, url) {
    const raw = await readBody(req);
    const rawBody = raw.toString('utf8');
    const [, , pkgService = '', method = ''] = url.pathname.split('/');
    const entry = {
      seq: ++this.seq,
      receivedAt: Date.now(),
      httpMethod: req.method,
      path: url.pathname,
      service: pkgService,
      method,
      contentType: req.headers['content-type'] ?? null,
      headers: { ...req.headers },
      token: null,
      claims: null,
      authError: null,
      body: null,
      rawBody,
      request: null,
      injected: null,
      status: null,
      response: null,
      error: null,
    };
    this.requestLog.push(entry);
    try {
      entry.body = JSON.parse(rawBody);
    } catch {
      /* logged raw */
    }

    // 0. injected failures (before anything else, like a broken proxy/LB would)
    const fail = this.takeFailure(method);
    if (fail) {
      entry.injected = fail.mode;
      if (fail.mode === 'timeout') {
        // never answer; the client has to time out. Destroyed on reset/close.
        this.heldRequests.add(req.socket);
        req.socket.on('close', () => this.heldRequests.delete(req.socket));
        return;
      }
      if (fail.mode === 'reset') {
        entry.status = 'reset';
        req.socket.resetAndDestroy?.() ?? req.socket.destroy();
        return;
      }
      if (fail.mode === 'delay') {
        await new Promise((r) => this.later(fail.delayMs ?? 1000, r));
        // then fall through and answer normally
      } else {
        const status = Number(fail.mode);
        return this.sendTwirpError(
          res,
          entry,
          new TwirpError(twirpCodeForHttpStatus(status), `injected failure (${status})`),
        );
      }
    }

    // 1. auth middleware (pkg/service/auth.go APIKeyAuthMiddleware): failures
    //    here are plain-text 401s, not Twirp JSON.
    const authHeader = req.headers.authorization;
    let token = '';
    if (authHeader) {
      if (!authHeader.startsWith('Bearer ')) {
        return this.plain401(res, entry, 'invalid authorization header. Must start with Bearer ');
      }
      token = authHeader.slice('Bearer '.length);
    } else {
      token = url.searchParams.get('access_token') ?? '';
    }
    let claims = null;
    if (token) {
      entry.token = token;
      let unverified;
      try {
        unverified = decodeJwtUnverified(token);
      } catch {
        return this.plain401(res, entry, 'invalid authorization token');
      }
      entry.claims = unverified;
      if (unverified.iss !== this.apiKey) {
        return this.plain401(res, entry, `invalid API key: ${unverified.iss ?? ''}`);
      }
      try {
        claims = await this.verifier.verify(token);
        entry.claims = claims;
      } catch (err) {
        return this.plain401(res, entry, `invalid token: ${token}, error: ${err.message}`);
      }
    }

    // 2. twirp routing
    if (req.method !== 'POST') {
      return this.sendTwirpError(res, entry, new TwirpError('bad_route',
        `unsupported method "${req.method}" (only POST is allowed)`,
        { twirp_invalid_route: `${req.method} ${url.pathname}` }));
    }
    const service = this.methods[pkgService];
    const route = service?.[method];
    if (!route) {
      if (UNIMPLEMENTED[pkgService]?.includes(method)) {
        return this.sendTwirpError(res, entry, new TwirpError('unimplemented',
          `${method} is not implemented by the LiveKit stand-in`));
      }
      return this.sendTwirpError(res, entry, new TwirpError('bad_route',
        `no handler for path "${url.pathname}"`,
        { twirp_invalid_route: `${req.method} ${url.pathname}` }));
    }
    const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (ct === 'application/protobuf') {
      return this.sendTwirpError(res, entry, new TwirpError('unimplemented',
        'application/protobuf is not supported by the LiveKit stand-in (JSON only)'));
    }
    if (ct !== 'application/json') {
      return this.sendTwirpError(res, entry, new TwirpError('bad_route',
        `unexpected Content-Type: "${req.headers['content-type'] ?? ''}"`,
        { twirp_invalid_route: `${req.method} ${url.pathname}` }));
    }

    // 3. body: strict parse (real LiveKit uses DiscardUnknown: true; the
    //    stand-in is deliberately stricter so typos in onair fail loudly).
    const [ReqType, handler] = route;
    let msg;
    try {
      if (entry.body === null) throw new Error('body is not valid JSON');
      msg = ReqType.fromJson(entry.body, { ignoreUnknownFields: false });
    } catch (err) {
      entry.parseError = err.message;
      return this.sendTwirpError(res, entry,
        new TwirpError('malformed', 'the json request could not be decoded'),
        { 'X-Standin-Cause': encodeURIComponent(err.message).slice(0, 2000) });
    }
    entry.request = msg.toJson({ useProtoFieldName: true });

    // 4. the method
    let out;
    try {
      out = handler(claims, msg);
    } catch (err) {
      if (err instanceof TwirpError) return this.sendTwirpError(res, entry, err);
      throw err;
    }
    const json = twirpJson(out);
    const body = JSON.stringify(json);
    entry.status = 200;
    entry.response = json;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  plain401(res, entry, text) {
    entry.status = 401;
    entry.authError = text;
    res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
  }

  // --------------------------------------------------------------- webhooks
  // Queue an event; all webhooks go out strictly in queue order, one at a
  // time (LiveKit queues per resource; one global queue is a stricter order).
  // Returns a promise for the delivery records of this event.
  queueWebhook(fields, opts = {}) {
    const ev = fields instanceof P.WebhookEvent ? fields : new P.WebhookEvent(fields);
    if (!ev.id) ev.id = guid(Prefix.webhookEvent);
    if (!ev.createdAt) ev.createdAt = BigInt(nowS());
    const body = opts.rawBody ?? JSON.stringify(webhookJson(ev));
    const copies = opts.duplicate === true ? 2 : Math.max(1, Number(opts.duplicate) || 1);
    const run = async () => {
      const url = opts.url ?? this.config.webhookUrl;
      const authorization = await authorizationFor(opts.sign, body, this.apiKey, this.apiSecret);
      const results = [];
      for (let i = 0; i < copies; i++) results.push(await this.deliver(ev, url, body, authorization, opts, i));
      return results;
    };
    if (opts.delayMs > 0) {
      // delayed delivery does not hold up the queue: this is how late and
      // out-of-order arrivals are produced.
      const p = new Promise((resolve) => this.later(opts.delayMs, () => run().then(resolve, resolve)));
      return { id: ev.id, createdAt: Number(ev.createdAt), body, done: p, scheduled: true };
    }
    const p = this.webhookQueue.then(run);
    this.webhookQueue = p.catch(() => {});
    return { id: ev.id, createdAt: Number(ev.createdAt), body, done: p, scheduled: false };
  }

  async deliver(ev, url, body, authorization, opts, copy) {
    const rec = {
      seq: ++this.whSeq,
      id: ev.id,
      event: ev.event,
      createdAt: Number(ev.createdAt),
      url,
      sign: opts.sign ?? 'valid',
      copy,
      sentAt: Date.now(),
      status: null,
      response: null,
      error: null,
      contentType: WEBHOOK_CONTENT_TYPE,
      authorization: authorization ?? null,
      body,
    };
    this.webhookLog.push(rec);
    if (!url) {
      rec.error = 'no webhook url configured';
      return rec;
    }
    try {
      const r = await postWebhook(url, body, authorization);
      rec.status = r.status;
      rec.response = r.body;
    } catch (err) {
      rec.error = String(err?.cause?.message ?? err?.message ?? err);
    }
    if (!this.quiet) console.error(`webhook ${rec.event} ${rec.id} -> ${rec.status ?? rec.error}`);
    return rec;
  }

  // ----------------------------------------------------------------- state
  roomEntry(name) {
    return this.rooms.get(name);
  }

  newRoom(name, { emptyTimeout, departureTimeout, maxParticipants, metadata } = {}) {
    const ms = Date.now();
    const room = new P.Room({
      sid: guid(Prefix.room),
      name,
      emptyTimeout: emptyTimeout || DEFAULT_EMPTY_TIMEOUT,
      departureTimeout: departureTimeout || DEFAULT_DEPARTURE_TIMEOUT,
      maxParticipants: maxParticipants || 0,
      creationTime: BigInt(Math.floor(ms / 1000)),
      creationTimeMs: BigInt(ms),
      enabledCodecs: DEFAULT_CODECS.map((mime) => new P.Codec({ mime })),
      metadata: metadata ?? '',
      version: new P.TimedVersion({ unixMicro: BigInt(ms) * 1000n, ticks: 0 }),
    });
    this.rooms.set(name, { room, participants: new Map() });
    this.queueWebhook({ event: 'room_started', room: room.clone() });
    return this.rooms.get(name);
  }

  recount(entry) {
    const ps = [...entry.participants.values()];
    entry.room.numParticipants = ps.length;
    entry.room.numPublishers = ps.filter((p) => p.isPublisher).length;
    entry.room.activeRecording = [...this.egresses.values()].some(
      (e) => e.roomName === entry.room.name && ACTIVE_EGRESS.has(e.status),
    );
  }

  // participant leaves (client leave, RemoveParticipant, DeleteRoom)
  participantLeave(entry, identity, reason) {
    const p = entry.participants.get(identity);
    if (!p) return [];
    const hooks = [];
    for (const t of p.tracks) {
      hooks.push(this.queueWebhook({ event: 'track_unpublished', room: entry.room.clone(), participant: p.clone(), track: t.clone() }));
    }
    entry.participants.delete(identity);
    this.recount(entry);
    p.state = P.ParticipantInfo_State.DISCONNECTED;
    p.disconnectReason = reason;
    hooks.push(this.queueWebhook({ event: 'participant_left', room: entry.room.clone(), participant: p }));
    return hooks;
  }

  finishRoom(entry, reason) {
    const hooks = [];
    for (const identity of [...entry.participants.keys()]) {
      hooks.push(...this.participantLeave(entry, identity, P.DisconnectReason.ROOM_DELETED));
    }
    for (const e of this.egresses.values()) {
      if (e.roomName === entry.room.name && (ACTIVE_EGRESS.has(e.status) || e.status === P.EgressStatus.EGRESS_ENDING)) {
        hooks.push(this.endEgress(e.egressId, P.EgressStatus.EGRESS_COMPLETE, {}));
      }
    }
    this.rooms.delete(entry.room.name);
    entry.room.numParticipants = 0;
    entry.room.numPublishers = 0;
    hooks.push(this.queueWebhook({ event: 'room_finished', room: entry.room.clone(), roomEndReason: reason }));
    return hooks;
  }

  // ------------------------------------------------------------ RoomService
  createRoom(claims, req) {
    ensureCreate(claims);
    if (!req.name) throw new TwirpError('invalid_argument', 'no room name');
    const existing = this.rooms.get(req.name);
    if (existing) return existing.room;
    return this.newRoom(req.name, req).room;
  }

  listRooms(claims, req) {
    ensureList(claims);
    const rooms = [...this.rooms.values()]
      .map((e) => e.room)
      .filter((r) => req.names.length === 0 || req.names.includes(r.name));
    return new P.ListRoomsResponse({ rooms });
  }

  deleteRoom(claims, req) {
    ensureCreate(claims);
    const entry = this.rooms.get(req.room);
    if (!entry) throw roomNotFound();
    this.finishRoom(entry, P.RoomEndReason.ROOM_END_API_DELETE);
    return new P.DeleteRoomResponse();
  }

  listParticipants(claims, req) {
    ensureAdmin(claims, req.room);
    // LiveKit's store returns an empty list for an unknown room.
    const entry = this.rooms.get(req.room);
    return new P.ListParticipantsResponse({ participants: entry ? [...entry.participants.values()] : [] });
  }

  getParticipant(claims, req) {
    ensureAdmin(claims, req.room);
    const p = this.rooms.get(req.room)?.participants.get(req.identity);
    if (!p) throw participantNotFound();
    return p;
  }

  removeParticipant(claims, req) {
    ensureAdmin(claims, req.room);
    const entry = this.rooms.get(req.room);
    if (!entry?.participants.has(req.identity)) throw new TwirpError('not_found', 'participant not found');
    this.participantLeave(entry, req.identity, P.DisconnectReason.PARTICIPANT_REMOVED);
    return new P.RemoveParticipantResponse();
  }

  mutePublishedTrack(claims, req) {
    ensureAdmin(claims, req.room);
    const p = this.rooms.get(req.room)?.participants.get(req.identity);
    if (!p) throw participantNotFound();
    const t = p.tracks.find((x) => x.sid === req.trackSid);
    if (!t) throw new TwirpError('not_found', 'track is not found');
    if (!req.muted && !this.config.enableRemoteUnmute) {
      throw new TwirpError('failed_precondition', 'remote unmute not enabled');
    }
    t.muted = req.muted;
    p.version += 1;
    return new P.MuteRoomTrackResponse({ track: t });
  }

  updateParticipant(claims, req) {
    ensureAdmin(claims, req.room);
    const p = this.rooms.get(req.room)?.participants.get(req.identity);
    if (!p) throw participantNotFound();
    if (req.metadata) p.metadata = req.metadata;
    if (req.name) p.name = req.name;
    for (const [k, v] of Object.entries(req.attributes)) {
      if (v === '') delete p.attributes[k];
      else p.attributes[k] = v;
    }
    if (req.permission) p.permission = req.permission.clone();
    p.version += 1;
    return p;
  }

  updateRoomMetadata(claims, req) {
    ensureAdmin(claims, req.room);
    const entry = this.rooms.get(req.room);
    if (!entry) throw roomNotFound();
    entry.room.metadata = req.metadata;
    return entry.room;
  }

  sendData(claims, req) {
    ensureAdmin(claims, req.room);
    if (req.nonce.length !== 0 && req.nonce.length !== 16) {
      throw new TwirpError('invalid_argument', `nonce should be 16-bytes or not present, got: ${req.nonce.length} bytes`);
    }
    if (!this.rooms.has(req.room)) throw roomNotFound();
    return new P.SendDataResponse();
  }

  // ----------------------------------------------------------------- Egress
  startRoomCompositeEgress(claims, req) {
    ensureRecord(claims);
    const entry = this.rooms.get(req.roomName);
    if (!entry) throw roomNotFound();
    const info = new P.EgressInfo({
      egressId: guid(Prefix.egress),
      roomId: entry.room.sid,
      roomName: req.roomName,
      sourceType: P.EgressSourceType.WEB,
      status: P.EgressStatus.EGRESS_STARTING,
      updatedAt: nowNs(),
      request: { case: 'roomComposite', value: req.clone() },
    });
    this.egresses.set(info.egressId, info);
    this.recount(entry);
    this.queueWebhook({ event: 'egress_started', egressInfo: info.clone() });
    if (this.config.autoEgressActiveMs >= 0) {
      this.later(this.config.autoEgressActiveMs, () => this.activateEgress(info.egressId));
    }
    return info;
  }

  streamUrls(info) {
    const r = info.request.case === 'roomComposite' ? info.request.value : null;
    if (!r) return [];
    const urls = r.streamOutputs.flatMap((s) => s.urls);
    if (r.output.case === 'stream') urls.push(...r.output.value.urls);
    return urls;
  }

  filePaths(info) {
    const r = info.request.case === 'roomComposite' ? info.request.value : null;
    if (!r) return [];
    const outs = [...r.fileOutputs];
    if (r.output.case === 'file') outs.push(r.output.value);
    return outs.map((o) => o.filepath);
  }

  activateEgress(id) {
    const info = this.egresses.get(id);
    if (!info || info.status !== P.EgressStatus.EGRESS_STARTING) return null;
    info.status = P.EgressStatus.EGRESS_ACTIVE;
    info.startedAt = nowNs();
    info.updatedAt = info.startedAt;
    info.streamResults = this.streamUrls(info).map(
      (url) => new P.StreamInfo({ url, startedAt: info.startedAt, status: P.StreamInfo_Status.ACTIVE }),
    );
    return this.queueWebhook({ event: 'egress_updated', egressInfo: info.clone() });
  }

  stopEgress(claims, req) {
    ensureRecord(claims);
    const info = this.egresses.get(req.egressId);
    if (!info) throw new TwirpError('not_found', 'egress does not exist');
    if (!ACTIVE_EGRESS.has(info.status)) {
      throw new TwirpError('failed_precondition', `egress with status ${P.EgressStatus[info.status]} cannot be stopped`);
    }
    info.status = P.EgressStatus.EGRESS_ENDING;
    info.updatedAt = nowNs();
    this.queueWebhook({ event: 'egress_updated', egressInfo: info.clone() });
    if (this.config.autoEgressEndMs >= 0) {
      this.later(this.config.autoEgressEndMs, () => {
        if (this.egresses.get(req.egressId)?.status === P.EgressStatus.EGRESS_ENDING) {
          this.endEgress(req.egressId, P.EgressStatus.EGRESS_COMPLETE, {});
        }
      });
    }
    return info;
  }

  listEgress(claims, req) {
    ensureRecord(claims);
    const items = [...this.egresses.values()].filter(
      (e) =>
        (!req.roomName || e.roomName === req.roomName) &&
        (!req.egressId || e.egressId === req.egressId) &&
        (!req.active || ACTIVE_EGRESS.has(e.status)),
    );
    return new P.ListEgressResponse({ items });
  }

  // Ends an egress and queues egress_ended. Returns the queued webhook.
  endEgress(id, status, { filename, error, sizeBytes }) {
    const info = this.egresses.get(id);
    if (!info) throw new ControlError(404, `unknown egress ${id}`);
    const ended = nowNs();
    const started = info.startedAt || info.updatedAt || ended;
    info.status = status;
    info.endedAt = ended;
    info.updatedAt = ended;
    if (status === P.EgressStatus.EGRESS_FAILED) {
      info.error = error ?? 'egress failed';
      info.errorCode = 500;
    } else if (error) {
      info.error = error;
    }
    const room = this.rooms.get(info.roomName)?.room;
    const time = new Date(Number(started / 1000000n)).toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    const expand = (p) =>
      (p || '{room_name}-{time}.mp4')
        .replaceAll('{room_name}', info.roomName)
        .replaceAll('{room_id}', info.roomId || room?.sid || '')
        .replaceAll('{time}', time);
    const paths = this.filePaths(info);
    if (filename !== undefined && paths.length === 0) paths.push(filename);
    info.fileResults = paths.map((p, i) => {
      const name = i === 0 && filename !== undefined ? filename : expand(p);
      return new P.FileInfo({
        filename: name,
        startedAt: started,
        endedAt: ended,
        duration: ended - started,
        size: status === P.EgressStatus.EGRESS_COMPLETE ? BigInt(sizeBytes ?? 1048576) : 0n,
        location: name,
      });
    });
    for (const s of info.streamResults) {
      s.status = status === P.EgressStatus.EGRESS_FAILED ? P.StreamInfo_Status.FAILED : P.StreamInfo_Status.FINISHED;
      s.endedAt = ended;
      s.duration = ended - s.startedAt;
    }
    const entry = this.rooms.get(info.roomName);
    if (entry) this.recount(entry);
    return this.queueWebhook({ event: 'egress_ended', egressInfo: info.clone() });
  }

  // ------------------------------------------------------------ control API
  async handleControl(req, res, url) {
    const send = (status, obj) => {
      const body = JSON.stringify(jsonSafe(obj));
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    const raw = (await readBody(req)).toString('utf8');
    let body = {};
    if (raw.trim()) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(400, { error: 'control body is not JSON' });
      }
    }
    const route = `${req.method} ${url.pathname}`;
    try {
      switch (route) {
        case 'GET /_control/log': {
          const m = url.searchParams.get('method');
          return send(200, { requests: this.requestLog.filter((e) => !m || e.method === m) });
        }
        case 'GET /_control/webhooks': {
          const ev = url.searchParams.get('event');
          return send(200, { webhooks: this.webhookLog.filter((w) => !ev || w.event === ev) });
        }
        case 'GET /_control/state':
          return send(200, this.stateJson());
        case 'POST /_control/reset':
          this.resetState();
          return send(200, { ok: true });
        case 'POST /_control/flush':
          await this.webhookQueue;
          return send(200, { ok: true });
        case 'POST /_control/config':
          return send(200, { config: this.setConfig(body) });
        case 'POST /_control/fail':
          return send(200, { failures: this.setFailure(body) });
        case 'POST /_control/participant':
          return send(200, await this.controlParticipant(body));
        case 'POST /_control/room-finish':
          return send(200, await this.controlRoomFinish(body));
        case 'POST /_control/egress-end':
          return send(200, await this.controlEgressEnd(body));
        case 'POST /_control/webhook':
          return send(200, await this.controlWebhook(body));
        default:
          return send(404, { error: `no control route ${route}` });
      }
    } catch (err) {
      if (err instanceof ControlError) return send(err.status, { error: err.message });
      return send(400, { error: err.message });
    }
  }

  stateJson() {
    return {
      config: this.config,
      rooms: [...this.rooms.values()].map((e) => ({
        room: twirpJson(e.room),
        participants: [...e.participants.values()].map((p) => twirpJson(p)),
      })),
      egresses: [...this.egresses.values()].map((e) => twirpJson(e)),
      failures: this.failures,
    };
  }

  setConfig(body) {
    for (const k of Object.keys(body)) {
      if (!(k in this.defaults)) throw new ControlError(400, `unknown config key ${k}`);
      this.config[k] = body[k];
    }
    return this.config;
  }

  setFailure({ method, mode, count = 1, delayMs }) {
    if (!method) throw new ControlError(400, 'method is required ("*" for all)');
    if (mode === 'off' || mode === 'clear') {
      this.failures = this.failures.filter((f) => f.method !== method);
      return this.failures;
    }
    const m = String(mode);
    if (!['timeout', 'reset', 'delay'].includes(m) && !/^[45]\d\d$/.test(m)) {
      throw new ControlError(400, `mode must be an HTTP status (e.g. "503"), "timeout", "reset", "delay" or "off"`);
    }
    this.failures.push({ method, mode: m, remaining: Number(count), delayMs });
    return this.failures;
  }

  async controlParticipant(body) {
    const { room, identity, kind = 'viewer', action } = body;
    if (!room || !action) throw new ControlError(400, 'room and action are required');
    const hooksBefore = this.whSeq;
    const hooks = [];
    let entry = this.rooms.get(room);
    const track = (t) => {
      const type = P.TrackType[(t.type ?? 'VIDEO').toUpperCase()];
      const source = P.TrackSource[(t.source ?? (type === P.TrackType.AUDIO ? 'MICROPHONE' : 'CAMERA')).toUpperCase()];
      if (type === undefined || source === undefined) throw new ControlError(400, 'bad track type/source');
      const video = type === P.TrackType.VIDEO;
      return new P.TrackInfo({
        sid: t.sid ?? guid(Prefix.track),
        type,
        source,
        name: t.name ?? '',
        mimeType: t.mimeType ?? (video ? 'video/H264' : 'audio/opus'),
        width: video ? (t.width ?? 1280) : 0,
        height: video ? (t.height ?? 720) : 0,
        simulcast: false,
        muted: false,
        stream: t.stream ?? '',
      });
    };
    switch (action) {
      case 'join': {
        if (!identity) throw new ControlError(400, 'identity is required');
        if (!entry) entry = this.newRoom(room);
        if (entry.participants.has(identity)) {
          hooks.push(...this.participantLeave(entry, identity, P.DisconnectReason.DUPLICATE_IDENTITY));
        }
        const publisher = kind === 'publisher';
        const ms = Date.now();
        const p = new P.ParticipantInfo({
          sid: guid(Prefix.participant),
          identity,
          name: body.name ?? identity,
          metadata: body.metadata ?? '',
          attributes: body.attributes ?? {},
          state: P.ParticipantInfo_State.ACTIVE,
          joinedAt: BigInt(Math.floor(ms / 1000)),
          joinedAtMs: BigInt(ms),
          version: 1,
          kind: P.ParticipantInfo_Kind.STANDARD,
          isPublisher: false,
          permission: body.permission
            ? P.ParticipantPermission.fromJson(body.permission)
            : new P.ParticipantPermission({
              canSubscribe: true,
              canPublish: publisher,
              canPublishData: publisher,
            }),
        });
        entry.participants.set(identity, p);
        this.recount(entry);
        hooks.push(this.queueWebhook({ event: 'participant_joined', room: entry.room.clone(), participant: p.clone() }));
        break;
      }
      case 'publish': {
        const p = entry?.participants.get(identity);
        if (!p) throw new ControlError(404, `participant ${identity} is not in room ${room}`);
        const t = track(body.track ?? {});
        p.tracks.push(t);
        p.isPublisher = true;
        p.version += 1;
        this.recount(entry);
        hooks.push(this.queueWebhook({ event: 'track_published', room: entry.room.clone(), participant: p.clone(), track: t.clone() }));
        break;
      }
      case 'unpublish': {
        const p = entry?.participants.get(identity);
        if (!p) throw new ControlError(404, `participant ${identity} is not in room ${room}`);
        const gone = p.tracks.filter((t) => !body.trackSid || t.sid === body.trackSid);
        p.tracks = p.tracks.filter((t) => !gone.includes(t));
        p.isPublisher = p.tracks.length > 0;
        p.version += 1;
        this.recount(entry);
        for (const t of gone) {
          hooks.push(this.queueWebhook({ event: 'track_unpublished', room: entry.room.clone(), participant: p.clone(), track: t.clone() }));
        }
        break;
      }
      case 'leave': {
        if (!entry?.participants.has(identity)) throw new ControlError(404, `participant ${identity} is not in room ${room}`);
        const reason = P.DisconnectReason[body.reason ?? 'CLIENT_INITIATED'];
        hooks.push(...this.participantLeave(entry, identity, reason));
        if (body.finishRoomIfEmpty && entry.participants.size === 0) {
          hooks.push(...this.finishRoom(entry, P.RoomEndReason.ROOM_END_IDLE_TIMEOUT));
        }
        break;
      }
      default:
        throw new ControlError(400, `unknown action ${action}`);
    }
    await this.webhookQueue;
    const p = this.rooms.get(room)?.participants.get(identity);
    return {
      room: this.rooms.get(room) ? twirpJson(this.rooms.get(room).room) : null,
      participant: p ? twirpJson(p) : null,
      webhooks: this.webhookLog.filter((w) => w.seq > hooksBefore),
    };
  }

  async controlRoomFinish({ room }) {
    const entry = this.rooms.get(room);
    if (!entry) throw new ControlError(404, `unknown room ${room}`);
    const before = this.whSeq;
    this.finishRoom(entry, P.RoomEndReason.ROOM_END_IDLE_TIMEOUT);
    await this.webhookQueue;
    return { webhooks: this.webhookLog.filter((w) => w.seq > before) };
  }

  async controlEgressEnd({ egressId, status = 'complete', filename, error, sizeBytes }) {
    const st = {
      complete: P.EgressStatus.EGRESS_COMPLETE,
      failed: P.EgressStatus.EGRESS_FAILED,
      aborted: P.EgressStatus.EGRESS_ABORTED,
      limit_reached: P.EgressStatus.EGRESS_LIMIT_REACHED,
    }[status];
    if (st === undefined) throw new ControlError(400, `unknown status ${status}`);
    const before = this.whSeq;
    this.endEgress(egressId, st, { filename, error, sizeBytes });
    await this.webhookQueue;
    return {
      egress: twirpJson(this.egresses.get(egressId)),
      webhooks: this.webhookLog.filter((w) => w.seq > before),
    };
  }

  // POST /_control/webhook: send an arbitrary event.
  async controlWebhook(body) {
    const { duplicate, delayMs, sign, url, raw, ...fields } = body;
    if (!fields.event && raw === undefined) throw new ControlError(400, 'event is required');
    // convenience: names instead of objects
    if (typeof fields.room === 'string') {
      const name = fields.room;
      fields.room = this.rooms.get(name) ? twirpJson(this.rooms.get(name).room) : { name, sid: guid(Prefix.room) };
    }
    if (typeof fields.participant === 'string') {
      const p = this.rooms.get(fields.room?.name)?.participants.get(fields.participant);
      fields.participant = p ? twirpJson(p) : { identity: fields.participant, sid: guid(Prefix.participant) };
    }
    if (typeof fields.egressInfo === 'string') {
      const e = this.egresses.get(fields.egressInfo);
      if (!e) throw new ControlError(404, `unknown egress ${fields.egressInfo}`);
      fields.egressInfo = twirpJson(e);
    }
    if (fields.room === null) delete fields.room;
    if (fields.participant === null) delete fields.participant;
    const ev = raw === undefined ? P.WebhookEvent.fromJson(fields, { ignoreUnknownFields: false }) : new P.WebhookEvent();
    const h = this.queueWebhook(ev, { duplicate, delayMs, sign, url, rawBody: raw });
    const deliveries = h.scheduled ? null : await h.done;
    return { id: h.id, createdAt: h.createdAt, body: h.body, scheduled: h.scheduled, deliveries };
  }
}
