// Spot-checks api/openapi.json against a real server: starts the onair binary on a fresh data
// directory (ONAIR_BINARY, default build/onair), walks through what an app does (sign up, create a
// stream, publish a fixture through the relay, join, chat, react, moderate, schedule, upload a
// reel, …) and validates every JSON answer against the schema the document gives for its
// (method, path, status), and every WebSocket text frame against WsServerMessage /
// RelayPublisherMessage / RelayViewerMessage. Stops the server at the end.
//
//   node --experimental-websocket spot-check.mjs     (npm run spot-check; Node 22+ needs no flag)
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ajvFor, componentValidator, loadDocument, responseSchema } from "./lib/document.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const binary = process.env.ONAIR_BINARY ?? join(root, "build/onair");
const fixtures = join(root, "tests/fixtures/media");

const doc = loadDocument();
const ajv = ajvFor(doc);
const checked = [];
const failures = [];

function validateBody(label, schema, body) {
  const validate = ajv.compile(schema);
  if (validate(body)) {
    checked.push(label);
  } else {
    failures.push(`${label}: ${ajv.errorsText(validate.errors, { separator: "; " })}\n    ${JSON.stringify(body).slice(0, 400)}`);
  }
}

// --- the server -------------------------------------------------------------------------------
const dataDir = mkdtempSync(join(tmpdir(), "onair-spot-"));
const server = spawn(binary, [], {
  env: { ...process.env, ONAIR_DATA_DIR: dataDir, ONAIR_LISTEN: "127.0.0.1:0" },
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log}`)), 20000);
  const read = (chunk) => {
    log += chunk;
    const m = /onair listening on (http:\/\/\S+)/.exec(log);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  };
  server.stdout.on("data", read);
  server.stderr.on("data", read);
  server.on("exit", (code) => reject(new Error(`the server exited (${code}):\n${log}`)));
});
const wsBase = base.replace(/^http/, "ws");

function stop() {
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}

// --- HTTP -------------------------------------------------------------------------------------
/**
 * Calls `method template` (a documented path, `{name}` filled from `params`) and checks the status
 * is `expect`; a JSON answer is validated against the document's schema for that status.
 */
async function call(method, template, { params = {}, query, body, token, headers = {}, expect, raw } = {}) {
  let path = template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name]));
  if (query) path += `?${new URLSearchParams(query)}`;
  const init = { method, headers: { ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["content-type"] ??= "application/json";
  }
  const res = await fetch(base + path, init);
  const label = `${method} ${template} → ${res.status}`;
  const type = res.headers.get("content-type") ?? "";
  const text = method === "HEAD" ? "" : type.startsWith("application/json") ? await res.text() : "";
  if (!type.startsWith("application/json") && method !== "HEAD") await res.arrayBuffer();
  if (expect !== undefined && res.status !== expect) {
    failures.push(`${label}: expected ${expect}: ${text.slice(0, 300)}`);
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
  }
  const json = text ? JSON.parse(text) : undefined;
  if (json !== undefined) {
    let schema;
    try {
      schema = responseSchema(doc, method, template, res.status);
    } catch (error) {
      failures.push(`${label}: ${error.message}`);
    }
    if (schema) validateBody(label, schema, json);
  } else {
    checked.push(label);
  }
  return { status: res.status, headers: res.headers, json };
}

// --- WebSockets -------------------------------------------------------------------------------
/** Opens `url` collecting text frames (validated against `schemaName`) and counting binary ones. */
function openSocket(url, schemaName, headers) {
  const validate = componentValidator(ajv, schemaName);
  const socket = new WebSocket(url, headers ? { headers } : undefined);
  socket.binaryType = "arraybuffer";
  const state = { socket, messages: [], binary: 0, closed: null, waiters: [] };
  socket.onmessage = (event) => {
    if (typeof event.data !== "string") {
      state.binary++;
      return;
    }
    const message = JSON.parse(event.data);
    state.messages.push(message);
    const label = `${url.replace(/\?.*/, "").replace(wsBase, "ws:")} ${schemaName} ${message.type}`;
    if (validate(message)) checked.push(label);
    else failures.push(`${label}: ${ajv.errorsText(validate.errors, { separator: "; " })}\n    ${event.data.slice(0, 300)}`);
    state.waiters = state.waiters.filter((w) => !(w.test(message) && (w.resolve(message), true)));
  };
  socket.onclose = (event) => {
    state.closed = event.code;
  };
  state.opened = new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`${url}: the socket did not open`));
  });
  state.next = (test, ms = 5000) => {
    const seen = state.messages.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${schemaName}: no such message within ${ms} ms`)), ms);
      state.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  };
  return state;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function expectMessage(socket, test, what) {
  try {
    return await socket.next(test);
  } catch (error) {
    failures.push(`${what}: ${error.message}`);
    return undefined;
  }
}

// --- the walk ---------------------------------------------------------------------------------
try {
  await call("GET", "/healthz", { expect: 200 });
  await call("GET", "/metrics", { expect: 200 });

  const signup = (handle) =>
    call("POST", "/api/auth/signup", {
      body: { handle, email: `${handle}@example.com`, password: "correct horse battery", displayName: `Spot ${handle}` },
      expect: 201,
    });
  const creator = (await signup("spot_creator")).json;
  const viewer = (await signup("spot_viewer")).json;
  const troll = (await signup("spot_troll")).json;
  const admin = (await signup("spot_admin")).json;
  const C = creator.token, V = viewer.token, T = troll.token, A = admin.token;
  // Operator rights, granted beside the running server (read fresh by admin routes).
  execFileSync(binary, ["admin", "grant", "spot_admin"], { env: { ...process.env, ONAIR_DATA_DIR: dataDir }, stdio: "ignore" });

  // Errors have the Error shape.
  await call("POST", "/api/auth/signup", {
    body: { handle: "spot_creator", email: "other@example.com", password: "correct horse battery" },
    expect: 409,
  });
  await call("POST", "/api/auth/signup", { body: { handle: "NO", email: "x", password: "short" }, expect: 400 });
  await call("POST", "/api/auth/login", { body: { login: "spot_viewer", password: "wrong password" }, expect: 401 });
  await call("POST", "/api/auth/login", { raw: "{not json", headers: { "content-type": "application/json" }, expect: 400 });
  await call("POST", "/api/auth/login", { raw: "login=x", headers: { "content-type": "text/plain" }, expect: 415 });
  await call("POST", "/api/auth/login", { body: { login: "spot_viewer@example.com", password: "correct horse battery" }, expect: 200 });
  await call("GET", "/api/me", { expect: 401 });

  // Profiles and the social graph.
  await call("GET", "/api/me", { token: V, expect: 200 });
  await call("PATCH", "/api/me", { token: C, body: { bio: "I stream.\nOften." }, expect: 200 });
  await call("GET", "/api/users/{handle}", { params: { handle: "spot_creator" }, expect: 200 });
  await call("GET", "/api/users/{handle}", { params: { handle: "nobody_here" }, expect: 404 });
  await call("POST", "/api/users/{handle}/follow", { params: { handle: "spot_creator" }, token: V, expect: 204 });
  await call("POST", "/api/users/{handle}/follow", { params: { handle: "spot_viewer" }, token: V, expect: 400 });
  await call("GET", "/api/users/{handle}/reels", { params: { handle: "spot_creator" }, expect: 200 });

  // The viewer's event socket.
  const events = openSocket(`${wsBase}/ws`, "WsServerMessage", { authorization: `Bearer ${V}` });
  await events.opened;
  await expectMessage(events, (m) => m.type === "hello" && m.user?.handle === "spot_viewer", "/ws hello");
  events.socket.send(JSON.stringify({ type: "subscribe", topic: "live" }));
  await expectMessage(events, (m) => m.type === "subscribed" && m.topic === "live", "/ws subscribed live");
  events.socket.send(JSON.stringify({ type: "hello" }));
  await expectMessage(events, (m) => m.type === "error", "/ws error");
  const visitorEvents = openSocket(`${wsBase}/ws`, "WsServerMessage");
  await visitorEvents.opened;
  await expectMessage(visitorEvents, (m) => m.type === "hello" && m.user === null, "/ws visitor hello");

  // A stream: create, publish a fixture through the relay, join, watch.
  const created = (
    await call("POST", "/api/live-streams", {
      token: C,
      body: { title: "Spot check", description: "Checking the contract", sensitivity: "none", gating: "public" },
      expect: 201,
    })
  ).json;
  const streamId = created.stream.id;
  await call("POST", "/api/live-streams", { token: C, body: { title: "Again", sensitivity: "none", gating: "public" }, expect: 409 });
  await call("POST", "/api/live-streams", { token: V, body: { title: "Paid", sensitivity: "none", gating: "paid" }, expect: 400 });
  events.socket.send(JSON.stringify({ type: "subscribe", streamId }));
  await expectMessage(events, (m) => m.type === "subscribed" && m.streamId === streamId, "/ws subscribed stream");
  visitorEvents.socket.send(JSON.stringify({ type: "subscribe", streamId }));

  const publisher = openSocket(`${created.publish.url}?token=${encodeURIComponent(created.publish.token)}`, "RelayPublisherMessage");
  await publisher.opened;
  await expectMessage(publisher, (m) => m.type === "status", "publisher status");
  const video = readFileSync(join(fixtures, "h264_aac_ffmpeg_3s.mp4"));
  const chunks = JSON.parse(readFileSync(join(fixtures, "h264_aac_ffmpeg_3s.chunks.json"), "utf8"));
  let offset = 0;
  for (const size of chunks.slice(0, -1)) {
    publisher.socket.send(video.subarray(offset, offset + size));
    offset += size;
    await sleep(100);
  }
  await expectMessage(events, (m) => m.type === "stream" && m.stream.id === streamId && m.stream.status === "live", "/ws stream live");

  await call("GET", "/api/live-streams", { expect: 200 });
  await call("GET", "/api/live-streams", { query: { scope: "following" }, expect: 401 });
  await call("GET", "/api/live-streams", { query: { scope: "following", limit: "5" }, token: V, expect: 200 });
  await call("GET", "/api/live-streams", { query: { limit: "0" }, expect: 400 });
  await call("GET", "/api/live-streams/{id}", { params: { id: streamId }, expect: 200 });
  await call("GET", "/api/live-streams/{id}", { params: { id: "nope" }, expect: 404 });
  const joined = (await call("POST", "/api/live-streams/{id}/join", { params: { id: streamId }, token: V, body: {}, expect: 200 })).json;
  const visitorJoin = await call("POST", "/api/live-streams/{id}/join", { params: { id: streamId }, expect: 200 });
  if (!/onair_guest=/.test(visitorJoin.headers.get("set-cookie") ?? "")) failures.push("a visitor's join set no onair_guest cookie");
  if (joined && !joined.watch.hlsUrl) failures.push("an H.264 stream's join has no watch.hlsUrl");

  const watcher = openSocket(`${joined.watch.url}?token=${encodeURIComponent(joined.watch.token)}`, "RelayViewerMessage");
  await watcher.opened;
  await expectMessage(watcher, (m) => m.type === "init", "watch init");
  await expectMessage(watcher, (m) => m.type === "viewers", "watch viewers");
  publisher.socket.send(video.subarray(offset));
  await sleep(300);
  if (watcher.binary === 0) failures.push("the watch socket got no media");

  if (joined.watch.hlsUrl) {
    const playlist = await fetch(joined.watch.hlsUrl);
    const text = await playlist.text();
    if (playlist.status !== 200 || !text.startsWith("#EXTM3U")) failures.push(`HLS playlist: ${playlist.status} ${text.slice(0, 80)}`);
    else checked.push("GET /live/{id}/hls/{file} → 200 (playlist)");
    const noToken = await call("GET", "/live/{id}/hls/{file}", { params: { id: streamId, file: "playlist.m3u8" }, expect: 401 });
    void noToken;
  }
  await call("GET", "/live/{id}/hls/{file}", {
    params: { id: streamId, file: "playlist.m3u8" },
    query: { token: joined.watch.token },
    expect: 403,
  });

  // Chat and reactions.
  const posted = (await call("POST", "/api/live-streams/{id}/chat", { params: { id: streamId }, token: V, body: { text: "hello there" }, expect: 201 })).json;
  await expectMessage(events, (m) => m.type === "chat" && m.message.id === posted?.message.id, "/ws chat");
  await call("POST", "/api/live-streams/{id}/chat", { params: { id: streamId }, token: V, body: { text: "" }, expect: 400 });
  await call("POST", "/api/live-streams/{id}/chat", { params: { id: streamId }, body: { text: "hi" }, expect: 401 });
  await call("GET", "/api/live-streams/{id}/chat", { params: { id: streamId }, expect: 200 });
  await call("GET", "/api/live-streams/{id}/chat", { params: { id: streamId }, query: { after: "abc" }, expect: 400 });
  await call("POST", "/api/live-streams/{id}/reactions", { params: { id: streamId }, token: V, body: { kind: "heart" }, expect: 204 });
  await call("POST", "/api/live-streams/{id}/reactions", { params: { id: streamId }, token: V, body: { kind: "meh" }, expect: 400 });
  await expectMessage(events, (m) => m.type === "reactions" && m.streamId === streamId, "/ws reactions");
  await call("PUT", "/api/live-streams/{id}/state", { params: { id: streamId }, token: C, body: { cameraOn: false }, expect: 200 });
  await call("PUT", "/api/live-streams/{id}/state", { params: { id: streamId }, token: V, body: { cameraOn: false }, expect: 403 });
  await call("POST", "/api/client-events", { token: V, body: { streamId, kind: "reconnect", message: "spot check" }, expect: 204 });
  await call("POST", "/api/client-events", { token: V, body: { kind: "other", message: "x" }, expect: 400 });

  // Moderation.
  await call("PUT", "/api/me/moderators/{handle}", { params: { handle: "spot_viewer" }, token: C, expect: 204 });
  await call("GET", "/api/me/moderators", { token: C, expect: 200 });
  await call("GET", "/api/me/chat-settings", { token: C, expect: 200 });
  await call("PUT", "/api/me/chat-settings", { token: C, body: { slowModeSeconds: 5, blockedWords: ["spoiler"] }, expect: 200 });
  await call("PUT", "/api/me/chat-settings", { token: C, body: { slowModeSeconds: 301 }, expect: 400 });
  await call("POST", "/api/live-streams/{id}/join", { params: { id: streamId }, token: T, expect: 200 });
  await call("POST", "/api/live-streams/{id}/chat", { params: { id: streamId }, token: T, body: { text: "a spoiler!" }, expect: 400 });
  const trollSays = (await call("POST", "/api/live-streams/{id}/chat", { params: { id: streamId }, token: T, body: { text: "first" }, expect: 201 })).json;
  await call("POST", "/api/live-streams/{id}/chat", { params: { id: streamId }, token: T, body: { text: "second" }, expect: 429 });
  await call("DELETE", "/api/live-streams/{id}/chat/{messageId}", { params: { id: streamId, messageId: trollSays.message.id }, token: V, expect: 204 });
  await expectMessage(events, (m) => m.type === "chat_removed", "/ws chat_removed");
  await call("POST", "/api/users/{creator}/bans", {
    params: { creator: "spot_creator" },
    token: V,
    body: { handle: "spot_troll", durationSeconds: 600, reason: "spam" },
    expect: 201,
  });
  await call("POST", "/api/users/{creator}/bans", { params: { creator: "spot_creator" }, token: V, body: { handle: "spot_creator" }, expect: 400 });
  await call("POST", "/api/live-streams/{id}/join", { params: { id: streamId }, token: T, expect: 403 });
  await call("GET", "/api/users/{creator}/bans", { params: { creator: "spot_creator" }, token: C, expect: 200 });
  await call("GET", "/api/users/{creator}/bans", { params: { creator: "spot_creator" }, token: T, expect: 403 });
  await call("GET", "/api/users/{creator}/moderation-log", { params: { creator: "spot_creator" }, token: C, expect: 200 });
  await call("DELETE", "/api/users/{creator}/bans/{handle}", { params: { creator: "spot_creator", handle: "spot_troll" }, token: C, expect: 204 });
  const report = (await call("POST", "/api/reports", { token: T, body: { itemType: "user", itemId: "spot_viewer", reason: "mean" }, expect: 201 })).json;
  await call("POST", "/api/reports", { token: T, body: { itemType: "user", itemId: "spot_viewer", reason: "mean" }, expect: 409 });

  // Operators.
  await call("GET", "/api/admin/overview", { token: A, expect: 200 });
  await call("GET", "/api/admin/overview", { token: V, expect: 403 });
  await call("GET", "/api/admin/streams", { token: A, query: { status: "live" }, expect: 200 });
  await call("GET", "/api/admin/streams/{id}/analytics", { params: { id: streamId }, token: A, expect: 200 });
  await call("GET", "/api/admin/viewers", { token: A, query: { minutes: "5" }, expect: 200 });
  await call("GET", "/api/admin/reports", { token: A, expect: 200 });
  await call("POST", "/api/admin/reports/{id}/resolve", { params: { id: report.report.id }, token: A, body: { action: "dismiss" }, expect: 200 });
  await call("GET", "/api/admin/moderation-log", { token: A, expect: 200 });
  await call("POST", "/api/admin/users/{handle}/suspend", { params: { handle: "spot_troll" }, token: A, body: { reason: "spot check" }, expect: 204 });
  await call("POST", "/api/auth/login", { body: { login: "spot_troll", password: "correct horse battery" }, expect: 403 });
  await call("DELETE", "/api/admin/users/{handle}/suspend", { params: { handle: "spot_troll" }, token: A, expect: 204 });

  // Scheduled lives.
  const startsAt = new Date(Date.now() + 3600_000).toISOString();
  const scheduled = (
    await call("POST", "/api/scheduled-lives", {
      token: C,
      body: { title: "Next week", startsAt, sensitivity: "none", gating: "public", repeatWeeks: 1 },
      expect: 201,
    })
  ).json;
  await call("POST", "/api/scheduled-lives", { token: C, body: { title: "Too soon", startsAt: new Date().toISOString(), sensitivity: "none", gating: "public" }, expect: 400 });
  const scheduledId = scheduled.scheduled.id;
  await call("GET", "/api/scheduled-lives/{id}", { params: { id: scheduledId }, expect: 200 });
  await call("PATCH", "/api/scheduled-lives/{id}", { params: { id: scheduledId }, token: C, body: { title: "Next week, later" }, expect: 200 });
  await call("PATCH", "/api/scheduled-lives/{id}", { params: { id: scheduledId }, token: V, body: { title: "Mine" }, expect: 403 });
  await call("POST", "/api/scheduled-lives/{id}/reminder", { params: { id: scheduledId }, token: V, expect: 204 });
  await call("POST", "/api/scheduled-lives/{id}/reminder", { params: { id: scheduledId }, token: C, expect: 400 });
  await call("GET", "/api/users/{handle}/scheduled-lives", { params: { handle: "spot_creator" }, token: V, expect: 200 });
  await call("GET", "/api/users/{handle}/schedule.ics", { params: { handle: "spot_creator" }, expect: 200 });
  await call("DELETE", "/api/scheduled-lives/{id}", { params: { id: scheduled.occurrences[1].id }, token: C, expect: 204 });
  await expectMessage(events, (m) => m.type === "scheduled", "/ws scheduled");

  // Notifications (the follower was told the stream went live and of the scheduled live).
  await expectMessage(events, (m) => m.type === "notification", "/ws notification");
  const page = (await call("GET", "/api/notifications", { token: V, expect: 200 })).json;
  if (page?.items[0]) await call("POST", "/api/notifications/{id}/read", { params: { id: page.items[0].id }, token: V, expect: 204 });
  await call("POST", "/api/notifications/read-all", { token: V, expect: 204 });
  await call("GET", "/api/me/notification-preferences", { token: V, expect: 200 });
  await call("PUT", "/api/me/notification-preferences", { token: V, body: { preferences: { LIVE_STREAM_STARTED: { email: false } } }, expect: 200 });
  await call("PUT", "/api/me/notification-preferences", { token: V, body: { preferences: { NOPE: { email: false } } }, expect: 400 });
  await call("GET", "/api/notifications/unsubscribe", { query: { token: "forged.token" }, expect: 400 });

  // Wallet, reels, purchases.
  await call("GET", "/api/me/wallet", { token: V, expect: 200 });
  await call("POST", "/api/me/wallet/top-up", { token: V, body: { credits: 100, idempotencyKey: "spot-1" }, expect: 201 });
  await call("POST", "/api/me/wallet/top-up", { token: V, body: { credits: 100, idempotencyKey: "spot-1" }, expect: 200 });
  const reel = (
    await call("POST", "/api/reels", {
      token: C,
      query: { title: "A paid reel", gating: "paid", priceCredits: "5" },
      headers: { "content-type": "video/mp4" },
      raw: readFileSync(join(fixtures, "sample_2s.mp4")),
      expect: 201,
    })
  ).json;
  await call("POST", "/api/reels", { token: C, query: { title: "Not a video" }, headers: { "content-type": "text/plain" }, raw: "x", expect: 400 });
  if (reel) {
    const reelId = reel.reel.id;
    await call("GET", "/api/reels", { expect: 200 });
    await call("GET", "/api/reels/{id}", { params: { id: reelId }, expect: 200 });
    await call("PATCH", "/api/reels/{id}", { params: { id: reelId }, token: C, body: { description: "Two seconds" }, expect: 200 });
    await call("GET", "/media/reels/{id}", { params: { id: reelId }, token: V, expect: 402 });
    await call("POST", "/api/purchases", { token: V, body: { itemType: "reel", itemId: reelId, idempotencyKey: "spot-2" }, expect: 201 });
    await call("POST", "/api/purchases", { token: V, body: { itemType: "reel", itemId: reelId, idempotencyKey: "spot-2" }, expect: 200 });
    const ranged = await fetch(`${base}/media/reels/${reelId}`, { headers: { authorization: `Bearer ${V}`, range: "bytes=0-99" } });
    await ranged.arrayBuffer();
    if (ranged.status !== 206 || !ranged.headers.get("content-range")) failures.push(`GET /media/reels/{id} with Range: ${ranged.status}`);
    else checked.push("GET /media/reels/{id} → 206");
    await call("GET", "/media/reels/{id}", { params: { id: reelId }, headers: { range: "bytes=99999999-" }, token: V, expect: 416 });
  }

  // The end.
  await call("GET", "/api/live-streams/{id}/analytics", { params: { id: streamId }, token: C, expect: 200 });
  await call("GET", "/api/live-streams/{id}/analytics", { params: { id: streamId }, token: V, expect: 403 });
  await call("POST", "/api/live-streams/{id}/leave", { params: { id: streamId }, token: V, expect: 204 });
  await call("POST", "/api/live-streams/{id}/end", { params: { id: streamId }, token: C, body: {}, expect: 400 });
  await call("POST", "/api/live-streams/{id}/end", { params: { id: streamId }, token: C, body: { saveRecording: false }, expect: 200 });
  await expectMessage(publisher, (m) => m.type === "ended", "publisher ended");
  await call("POST", "/api/live-streams/{id}/end", { params: { id: streamId }, token: C, body: { saveRecording: false }, expect: 409 });
  await call("POST", "/api/live-streams/{id}/join", { params: { id: streamId }, token: V, expect: 409 });
  await call("POST", "/api/auth/logout", { token: V, expect: 204 });
  await call("GET", "/api/me", { token: V, expect: 401 });
  await call("POST", "/webhooks/livekit", { body: { event: "room_started" }, expect: 404 });
  for (const s of [events, visitorEvents, publisher, watcher]) s.socket.close();
} catch (error) {
  failures.push(`the walk stopped: ${error.stack ?? error}`);
} finally {
  stop();
}

const frames = [...new Set(checked.filter((c) => c.startsWith("ws:")).map((c) => c.replace(/^\S+ /, "")))];
console.log(`WebSocket frames checked: ${frames.join(", ")}`);
console.log(`${checked.length} answers and messages matched the document`);
for (const failure of failures) console.error(`MISMATCH ${failure}`);
console.log(`${checked.length} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
