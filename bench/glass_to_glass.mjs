#!/usr/bin/env node
// Glass-to-glass latency: how long a picture takes from the broadcaster's camera to the viewer's
// screen, through onair's real web client (built) and the real server binary, for three paths:
//
//   webm  the publisher records WebM (VP8+Opus, a chunk every 100 ms; MP4 is hidden from it by an
//         init script that makes MediaRecorder.isTypeSupported false for video/mp4 types); the
//         viewer is the real viewer page /live/:id (relay watch socket, Media Source).
//   mp4   the publisher records fragmented MP4 (H.264+Opus, Chromium's first choice); the same
//         viewer page.
//   hls   the same MP4 publisher; the viewer is a plain page on the server's origin playing the
//         join answer's watch.hlsUrl (LL-HLS) with hls.js 1.7.4, lowLatencyMode, defaults otherwise.
//
// How: the publisher's camera is an init script's getUserMedia: an opaque 640×480 canvas's
// captureStream(30) and an oscillator's audio track. About 30 times a second (every other
// animation frame) it draws Date.now() on the canvas as a 16×4 grid of 40 px black/white blocks
// (48 bits of time, then a CRC-16 of them). The publisher goes live through the UI: sign up,
// Reels → Go Live → Go live, "Live". On the viewer, video.requestVideoFrameCallback copies each
// presented frame's code area to a canvas and decodes it: latency = Date.now() in the callback − the time in the picture (both pages are in one
// Chromium: one clock). A frame with a block neither clearly black nor white, a CRC mismatch or
// an impossible time is a decode failure and gives no sample. Once the viewer plays, a warm-up
// (--warmup, then until the player has run at 1× for 2 s: the relay player catches up at 1.1×) is
// discarded, then every presented frame is a sample for --seconds.
//
// "to player / in player" splits each frame's latency at the append that brought its bytes into
// the video's SourceBuffer (the relay player's or hls.js's): before it, capture, encoder, muxer,
// upload, relay (for HLS also the playlist and part requests); after it, the player's buffer
// (the medians of each part, which need not add up to the p50). "chunk every" is the publisher's
// mean interval between MediaRecorder chunks: WebM comes every 100 ms, but Chromium's MP4 muxer
// gives one fragment per keyframe interval (1 s), so an MP4 frame waits up to a second in the
// publisher's browser, and a viewer receives a second of picture at a time. "frames/s" is the
// frames the viewer presented and decoded (the canvas is captured at up to 30/s; a loaded encoder
// or decoder drops frames); "stalls" counts the viewer's waits ('waiting' until it played on) and
// their total time, during the samples.
//
// Run from the repository root (nothing is built here):
//   (cd web && npx vite build --outDir /tmp/g2g-web --emptyOutDir)
//   node bench/glass_to_glass.mjs --binary build/onair --web /tmp/g2g-web \
//        [--paths webm,mp4,hls] [--repeat 2] [--seconds 20] [--warmup 8] [--keyframe-ms N] [--verbose]
// --binary defaults to $ONAIR_BINARY or build/onair, --web to $ONAIR_WEB_DIR or web/dist. With
// --repeat N the paths take turns N times (webm, mp4, hls, webm, …) so load changes hit all of
// them. --keyframe-ms N makes the publisher's MediaRecorder use another keyframe interval (the
// client asks for 1000 ms), to try a change without rebuilding the client. Prints a Markdown
// table; exits non-zero, with no figures for it, when a path never plays or nothing in it could
// be decoded.
//
// Caveats: headless Chromium (software encode, decode and compositing: --disable-gpu) on a 2-core
// machine that also runs the server and whatever else is running — the encoder drops frames and
// the tail grows with the load, so note the load average beside any figure and compare paths
// within one run. The camera is a canvas: no sensor exposure or capture pipeline (a real camera
// adds a frame or two). "Screen" is the frame handed to the page's compositor
// (requestVideoFrameCallback), not light leaving a display. The canvas is opaque, as a camera is
// (a canvas with alpha is recorded as VP8 with an alpha channel, in BlockGroups: the relay reads
// those too since 2026-12-03, tests/fixtures/media/vp8a_canvas_opus.webm).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const browserTools = path.join(repoRoot, 'tests/browser');
const HLS_SCRIPT = createRequire(path.join(browserTools, 'package.json')).resolve('hls.js/dist/hls.min.js');
const ALL_PATHS = ['webm', 'mp4', 'hls'];
const PLAY_TIMEOUT_MS = 45_000;
const SETTLE_TIMEOUT_MS = 30_000;

/** The visual code: a grid of blocks on the publisher's canvas, read back on the viewer. */
const CODE = { width: 640, height: 480, columns: 16, rows: 4, block: 40, top: 40, timeBits: 48, crcBits: 16 };

function usage(message, code = 2) {
  if (message) process.stderr.write(`glass_to_glass: ${message}\n`);
  process.stderr.write(
    'usage: node bench/glass_to_glass.mjs [--paths webm,mp4,hls] [--repeat N] [--seconds N] [--warmup N]\n' +
      '         [--binary PATH] [--web DIR] [--keyframe-ms N] [--verbose]\n',
  );
  process.exit(code);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        paths: { type: 'string', default: ALL_PATHS.join(',') },
        seconds: { type: 'string', default: '20' },
        warmup: { type: 'string', default: '8' },
        repeat: { type: 'string', default: '1' },
        'keyframe-ms': { type: 'string' },
        binary: { type: 'string' },
        web: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    usage(error.message);
  }
  if (parsed.help) usage(null, 0);
  const paths = parsed.paths
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.length === 0) usage('--paths names no path');
  for (const p of paths) if (!ALL_PATHS.includes(p)) usage(`unknown path "${p}" (known: ${ALL_PATHS.join(', ')})`);
  const seconds = Number(parsed.seconds);
  const warmup = Number(parsed.warmup);
  if (!(seconds >= 1 && seconds <= 3600)) usage('--seconds must be 1..3600');
  if (!(warmup >= 0 && warmup <= 600)) usage('--warmup must be 0..600');
  const keyframeMs = parsed['keyframe-ms'] === undefined ? null : Number(parsed['keyframe-ms']);
  if (keyframeMs !== null && !(Number.isInteger(keyframeMs) && keyframeMs >= 100 && keyframeMs <= 10_000))
    usage('--keyframe-ms must be 100..10000');
  const repeat = Number(parsed.repeat);
  if (!(Number.isInteger(repeat) && repeat >= 1 && repeat <= 10)) usage('--repeat must be 1..10');
  return {
    paths,
    repeat,
    keyframeMs,
    seconds,
    warmup,
    binary: parsed.binary ?? process.env.ONAIR_BINARY ?? path.join(repoRoot, 'build/onair'),
    web: parsed.web ?? process.env.ONAIR_WEB_DIR ?? path.join(repoRoot, 'web/dist'),
    verbose: parsed.verbose,
  };
}

// ---------------------------------------------------------------------------------------------
// Page-side code. These functions are serialised into the pages: they must not close over
// anything in this module (their arguments are passed explicitly).

/** Publisher init script: the camera is a canvas that shows the time; optionally no MP4. */
function installCanvasCamera({ code, hideMp4, keyframeMs }) {
  if (hideMp4) {
    const original = MediaRecorder.isTypeSupported.bind(MediaRecorder);
    MediaRecorder.isTypeSupported = (type) => (/^video\/mp4/i.test(type) ? false : original(type));
  }
  if (keyframeMs !== null) {
    // An experiment without rebuilding the client: another keyframe interval (the MP4 fragment).
    const Original = MediaRecorder;
    window.MediaRecorder = class extends Original {
      constructor(stream, options = {}) {
        super(stream, { ...options, videoKeyFrameIntervalDuration: keyframeMs });
      }
    };
  }
  // Which format the page's recorder really uses, for the report.
  const start = MediaRecorder.prototype.start;
  MediaRecorder.prototype.start = function (...args) {
    window.__g2gRecorderMime = this.mimeType;
    const recorded = { chunks: 0, bytes: 0 };
    window.__g2gRecorded = recorded;
    this.addEventListener('dataavailable', (event) => {
      recorded.chunks += 1;
      recorded.bytes += event.data.size;
    });
    return start.apply(this, args);
  };

  function crc16(bytes) {
    let crc = 0xffff;
    for (const b of bytes) {
      crc ^= b << 8;
      for (let i = 0; i < 8; i += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    return crc;
  }
  function bitsOf(time) {
    const bytes = [];
    for (let i = 5; i >= 0; i -= 1) bytes.push(Math.floor(time / 2 ** (8 * i)) % 256);
    const crc = crc16(bytes);
    const bits = [];
    for (const b of bytes) for (let i = 7; i >= 0; i -= 1) bits.push((b >> i) & 1);
    for (let i = 15; i >= 0; i -= 1) bits.push((crc >> i) & 1);
    return bits;
  }

  let canvas = null;
  let ctx = null;
  let frames = 0;
  function draw() {
    const now = Date.now();
    ctx.fillStyle = '#404040';
    ctx.fillRect(0, 0, code.width, code.height);
    const bits = bitsOf(now);
    for (let i = 0; i < bits.length; i += 1) {
      const x = (i % code.columns) * code.block;
      const y = code.top + Math.floor(i / code.columns) * code.block;
      ctx.fillStyle = bits[i] ? '#ffffff' : '#000000';
      ctx.fillRect(x, y, code.block, code.block);
    }
    // Something for a person to read, and a little motion below the code.
    ctx.fillStyle = '#ffffff';
    ctx.font = '32px monospace';
    ctx.fillText(`${now}  #${frames}`, 20, 300);
    ctx.fillStyle = '#e04040';
    ctx.fillRect(20 + ((frames * 4) % 560), 360, 60, 60);
    frames += 1;
    window.__g2gPublisherFrames = frames;
  }
  function ensureCanvas() {
    if (canvas !== null) return;
    canvas = document.createElement('canvas');
    canvas.width = code.width;
    canvas.height = code.height;
    // Opaque, as a camera is (with alpha, VP8 carries an alpha channel in BlockGroups).
    ctx = canvas.getContext('2d', { alpha: false });
    draw();
    // About 30 draws a second (the capture rate): every other 60 Hz animation frame.
    let last = 0;
    const loop = (now) => {
      if (now - last >= 30) {
        last = now;
        draw();
      }
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  let audioContext = null;
  function audioTrack() {
    audioContext ??= new AudioContext();
    void audioContext.resume().catch(() => undefined);
    const oscillator = audioContext.createOscillator();
    const gain = audioContext.createGain();
    gain.gain.value = 0.05;
    const destination = audioContext.createMediaStreamDestination();
    oscillator.connect(gain).connect(destination);
    oscillator.start();
    return destination.stream.getAudioTracks()[0];
  }

  window.__g2gAudioState = () => ({ context: audioContext?.state, time: audioContext?.currentTime });

  const mediaDevices = navigator.mediaDevices;
  if (mediaDevices === undefined) return;
  mediaDevices.getUserMedia = async (constraints = {}) => {
    ensureCanvas();
    // Audio first, as a real getUserMedia orders them (and so MediaRecorder's tracks).
    const tracks = [];
    if (constraints.audio !== undefined && constraints.audio !== false) tracks.push(audioTrack());
    if (constraints.video !== undefined && constraints.video !== false)
      tracks.push(...canvas.captureStream(30).getVideoTracks());
    return new MediaStream(tracks);
  };
}

/** Viewer: decode the time in every presented frame of `selector` (requestVideoFrameCallback). */
function installFrameReader({ code, selector }) {
  const state = {
    samples: [],
    failures: 0,
    frames: 0,
    lastCallbackAt: 0,
    collecting: false,
    firstFailure: null,
    stalls: 0,
    stalledMs: 0,
  };
  window.__g2g = state;

  function crc16(bytes) {
    let crc = 0xffff;
    for (const b of bytes) {
      crc ^= b << 8;
      for (let i = 0; i < 8; i += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    return crc;
  }

  const total = code.timeBits + code.crcBits;
  const areaHeight = code.top + code.rows * code.block;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });

  /** The time in the frame now shown by `video`, or a string saying why it cannot be read. */
  function decode(video) {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (w === 0 || h === 0) return 'no picture';
    const sx = w / code.width;
    const sy = h / code.height;
    const ch = Math.ceil(areaHeight * sy);
    if (canvas.width !== w || canvas.height !== ch) {
      canvas.width = w;
      canvas.height = ch;
    }
    ctx.drawImage(video, 0, 0, w, ch, 0, 0, w, ch);
    const pixels = ctx.getImageData(0, 0, w, ch).data;
    const bits = [];
    for (let i = 0; i < total; i += 1) {
      // The middle half of each block: its edges blur in compression.
      const x0 = Math.round(((i % code.columns) * code.block + code.block / 4) * sx);
      const y0 = Math.round((code.top + Math.floor(i / code.columns) * code.block + code.block / 4) * sy);
      const x1 = Math.round(x0 + (code.block / 2) * sx);
      const y1 = Math.round(y0 + (code.block / 2) * sy);
      let sum = 0;
      let n = 0;
      for (let y = y0; y < y1; y += 2)
        for (let x = x0; x < x1; x += 2) {
          const o = (y * w + x) * 4;
          sum += pixels[o] + pixels[o + 1] + pixels[o + 2];
          n += 3;
        }
      const mean = sum / n;
      if (mean > 80 && mean < 175) return `block ${i} is grey (${mean.toFixed(0)})`;
      bits.push(mean >= 128 ? 1 : 0);
    }
    const bytes = [];
    for (let b = 0; b < 8; b += 1) {
      let v = 0;
      for (let i = 0; i < 8; i += 1) v = (v << 1) | bits[b * 8 + i];
      bytes.push(v);
    }
    const crc = (bytes[6] << 8) | bytes[7];
    if (crc16(bytes.slice(0, 6)) !== crc) return 'checksum mismatch';
    let time = 0;
    for (let i = 0; i < 6; i += 1) time = time * 256 + bytes[i];
    return time;
  }

  // One callback chain at a time: a re-armed chain retires the one before it.
  let chain = 0;
  function arm(video) {
    chain += 1;
    const mine = chain;
    video.requestVideoFrameCallback((now, metadata) => {
      if (mine === chain) onFrame(video, now, metadata);
    });
  }

  /** How long (ms) the frame at `mediaTime` has been in the player: since the append that brought it. */
  function inPlayerFor(mediaTime, presentedAt) {
    const appends = window.__g2gAppends ?? [];
    let i = appends.length - 1;
    if (i < 0 || appends[i].end <= mediaTime) return null;
    while (i > 0 && appends[i - 1].end > mediaTime) i -= 1;
    return presentedAt - appends[i].at;
  }

  function onFrame(video, now, metadata) {
    const receivedAt = Date.now();
    state.lastCallbackAt = receivedAt;
    state.frames += 1;
    if (state.collecting) {
      const time = decode(video);
      // A checksum passes by chance once in 65,536 misreads; a time from the future or from
      // before this page loaded is such a misread too.
      if (typeof time === 'number' && time <= receivedAt && time > performance.timeOrigin) {
        state.samples.push({ latency: receivedAt - time, inPlayer: inPlayerFor(metadata.mediaTime, receivedAt) });
      } else {
        state.failures += 1;
        state.firstFailure ??= typeof time === 'number' ? `implausible time ${time}` : time;
      }
    }
    arm(video);
  }

  // Stalls: from 'waiting' (playing, but the next frame is not there or not decoded) until the
  // picture moves again.
  let waitingSince = null;
  function watchStalls(video) {
    video.addEventListener('waiting', () => {
      waitingSince ??= Date.now();
    });
    const resumed = () => {
      if (waitingSince === null) return;
      if (state.collecting) {
        state.stalls += 1;
        state.stalledMs += Date.now() - waitingSince;
      }
      waitingSince = null;
    };
    video.addEventListener('playing', resumed);
    video.addEventListener('seeked', resumed);
  }

  let watched = null;
  // The player may replace the element's source (a reset, a reconnect): re-arm when silent.
  setInterval(() => {
    const video = document.querySelector(selector);
    if (video === null) return;
    if (video !== watched || Date.now() - state.lastCallbackAt > 1000) {
      if (video !== watched) watchStalls(video);
      watched = video;
      state.lastCallbackAt = Date.now();
      arm(video);
    }
  }, 250);
}

/**
 * Viewer init script: notes when media reaches the player. Each append to the video's
 * SourceBuffer (the relay player's, or hls.js's) is logged as {at, end}: from then on, frames
 * before `end` (s, media time) are in the player. The buffers are kept for the failure report.
 */
function watchSourceBuffers() {
  const add = MediaSource.prototype.addSourceBuffer;
  window.__g2gSourceBuffers = [];
  window.__g2gAppends = [];
  MediaSource.prototype.addSourceBuffer = function (type) {
    const buffer = add.call(this, type);
    window.__g2gSourceBuffers.push({ type, buffer });
    if (window.__g2gSourceBuffers.length > 8) window.__g2gSourceBuffers.shift();
    if (/avc1|avc3|vp8|vp9|av01/i.test(type)) {
      window.__g2gAppends = [];
      const appends = window.__g2gAppends;
      buffer.addEventListener('updateend', () => {
        const ranges = buffer.buffered;
        if (ranges.length === 0) return;
        const end = ranges.end(ranges.length - 1);
        if (appends.length > 0 && appends[appends.length - 1].end === end) return;
        appends.push({ at: Date.now(), end });
        if (appends.length > 2000) appends.splice(0, 1000);
      });
    }
    return buffer;
  };
}

/** Is `selector` playing a picture? */
function isPlaying(selector) {
  const video = document.querySelector(selector);
  return video !== null && !video.paused && video.readyState >= 3 && video.videoWidth > 0;
}

function videoState(selector) {
  const video = document.querySelector(selector);
  if (video === null) return null;
  const buffered = Array.from({ length: video.buffered.length }, (_, i) => [
    +video.buffered.start(i).toFixed(2),
    +video.buffered.end(i).toFixed(2),
  ]);
  return {
    currentTime: +video.currentTime.toFixed(2),
    paused: video.paused,
    readyState: video.readyState,
    videoWidth: video.videoWidth,
    playbackRate: video.playbackRate,
    buffered,
    error: video.error?.message ?? null,
    dropped: video.getVideoPlaybackQuality?.().droppedVideoFrames ?? null,
    hlsLatency: window.__hls?.latency ?? null,
    hlsTargetLatency: window.__hls?.targetLatency ?? null,
    hlsErrors: window.__hlsErrors ?? null,
    sourceBuffers: (window.__g2gSourceBuffers ?? []).map(({ type, buffer }) => {
      let ranges = 'detached';
      try {
        ranges = Array.from({ length: buffer.buffered.length }, (_, i) => [
          +buffer.buffered.start(i).toFixed(2),
          +buffer.buffered.end(i).toFixed(2),
        ]);
      } catch {
        // removed from its MediaSource
      }
      return { type, ranges };
    }),
  };
}

// ---------------------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

class PathFailed extends Error {}

async function main() {
  const opts = options();
  // onairServer.mjs reads these when it is loaded.
  process.env.ONAIR_BINARY = path.resolve(opts.binary);
  process.env.ONAIR_WEB_DIR = path.resolve(opts.web);
  const { startOnair } = await import('../tests/browser/lib/onairServer.mjs');
  const { launchChromium } = await import('../tests/browser/lib/chromium.mjs');
  const log = (line) => {
    if (opts.verbose) process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
  };

  const server = await startOnair({ waitForBinaryMs: 0 });
  log(`onair ${process.env.ONAIR_BINARY} at ${server.url}, web ${process.env.ONAIR_WEB_DIR}`);
  const browser = await launchChromium({
    args: [
      '--autoplay-policy=no-user-gesture-required',
      // Every page is "in front": no timer or animation throttling of the other pages.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  const results = [];
  let runs = 0;
  try {
    const turns = Array.from({ length: opts.repeat }, () => opts.paths).flat();
    for (const which of turns) {
      runs += 1;
      const started = Date.now();
      try {
        const result = await measurePath(which, { server, browser, opts, log, runs });
        results.push(result);
        log(`${which}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (error) {
        if (!(error instanceof PathFailed)) throw error;
        results.push({ path: which, failed: error.message });
        if (opts.verbose) await logServerState(server, which, log);
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    const exit = await server.stop();
    log(`onair exited: ${JSON.stringify(exit)}`);
  }
  printTable(results, opts);
  const failed = results.filter((r) => r.failed);
  for (const r of failed) process.stderr.write(`glass_to_glass: ${r.path}: ${r.failed}\n`);
  process.exit(failed.length > 0 ? 1 : 0);
}

/** After a failure: the relay's counters and the server's last lines (healthz left out). */
async function logServerState(server, which, log) {
  const metrics = await fetch(`${server.url}/metrics`)
    .then((r) => r.text())
    .catch((e) => String(e));
  const relay = metrics.split('\n').filter((l) => /relay/i.test(l) && !l.startsWith('#'));
  log(`${which}: relay metrics:\n${relay.join('\n')}`);
  const lines = server
    .log()
    .split('\n')
    .filter((l) => !l.includes('/healthz'))
    .slice(-60);
  log(`${which}: the server's last lines:\n${lines.join('\n')}`);
}

/** One path: a publisher goes live, a viewer plays, samples are taken. Throws PathFailed. */
async function measurePath(which, { server, browser, opts, log, runs }) {
  const handle = `g2g${which}${runs}${Date.now().toString(36).slice(-5)}`;
  const publisher = await browser.newContext({ baseURL: server.url, permissions: ['camera', 'microphone'] });
  publisher.setDefaultTimeout(20_000);
  await publisher.addInitScript(installCanvasCamera, {
    code: CODE,
    hideMp4: which === 'webm',
    keyframeMs: opts.keyframeMs,
  });
  const viewer = await browser.newContext({ baseURL: server.url });
  viewer.setDefaultTimeout(20_000);
  await viewer.addInitScript(watchSourceBuffers);
  const pages = { publisher: await publisher.newPage(), viewer: await viewer.newPage() };
  const pageErrors = [];
  for (const [name, page] of Object.entries(pages)) {
    page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
    page.on('console', (m) => {
      if (opts.verbose && (m.type() === 'error' || m.type() === 'warning'))
        process.stderr.write(`[${which}:${name}:${m.type()}] ${m.text()}\n`);
    });
  }
  pages.publisher.on('websocket', (socket) => {
    if (!new URL(socket.url()).pathname.endsWith('/publish')) return;
    log(`${which}: publish socket opened`);
    socket.on('framereceived', ({ payload }) => log(`${which}: publish socket says ${String(payload).slice(0, 200)}`));
    socket.on('close', () => log(`${which}: publish socket closed`));
  });
  try {
    const streamId = await goLiveThroughUi(pages.publisher, handle, which);
    const recorderMime = await pages.publisher.evaluate(() => window.__g2gRecorderMime ?? null);
    log(`${which}: live as @${handle}, stream ${streamId}, recorder ${recorderMime}`);
    if (opts.verbose) {
      const f0 = await pages.publisher.evaluate(() => window.__g2gPublisherFrames);
      await pages.publisher.waitForTimeout(2000);
      const { f1, visibility, recorded, audio } = await pages.publisher.evaluate(() => ({
        f1: window.__g2gPublisherFrames,
        visibility: document.visibilityState,
        recorded: window.__g2gRecorded,
        audio: window.__g2gAudioState?.(),
      }));
      log(`${which}: the recorder gave ${JSON.stringify(recorded)}; audio ${JSON.stringify(audio)}`);
      log(`${which}: the camera canvas draws ${((f1 - f0) / 2).toFixed(1)} frames/s (page ${visibility})`);
    }
    const expectMp4 = which !== 'webm';
    if (recorderMime === null || /mp4/i.test(recorderMime) !== expectMp4)
      throw new PathFailed(`the publisher records ${recorderMime}, not ${expectMp4 ? 'MP4' : 'WebM'}`);

    const selector = which === 'hls' ? 'video#hls' : 'video.live-video';
    let watchMime = null;
    let watchBytes = 0;
    if (which === 'hls') {
      await openHlsViewer(pages.viewer, server.url, streamId, log);
    } else {
      pages.viewer.on('websocket', (socket) => {
        if (!new URL(socket.url()).pathname.endsWith('/watch')) return;
        socket.on('framereceived', ({ payload }) => {
          if (typeof payload !== 'string') {
            watchBytes += payload.length;
            return;
          }
          if (opts.verbose) log(`${which}: watch socket says ${payload.slice(0, 200)}`);
          if (!payload.includes('"init"')) return;
          try {
            watchMime = JSON.parse(payload).mimeType ?? watchMime;
          } catch {
            // not JSON: ignore
          }
        });
      });
      await pages.viewer.goto(`/live/${encodeURIComponent(streamId)}`);
    }
    try {
      await pages.viewer.waitForFunction(isPlaying, selector, { timeout: PLAY_TIMEOUT_MS, polling: 250 });
    } catch {
      const state = await pages.viewer.evaluate(videoState, selector).catch(() => null);
      const recorded = await pages.publisher.evaluate(() => window.__g2gRecorded).catch(() => null);
      log(
        `${which}: the watch socket brought ${watchBytes} bytes of media; the recorder gave ${JSON.stringify(recorded)}`,
      );
      throw new PathFailed(
        `the viewer never played within ${PLAY_TIMEOUT_MS / 1000} s; video: ${JSON.stringify(state)}` +
          (pageErrors.length ? `; page errors: ${pageErrors.join(' | ')}` : ''),
      );
    }
    if (which !== 'hls' && watchMime === null)
      throw new PathFailed('the viewer page plays, but not from the relay watch socket (no init message seen)');
    log(`${which}: viewer plays${watchMime ? ` (${watchMime})` : ''}; warming up ${opts.warmup} s`);
    await pages.viewer.evaluate(installFrameReader, { code: CODE, selector });
    await pages.viewer.waitForTimeout(opts.warmup * 1000);
    await settle(pages.viewer, selector, which, log);

    await pages.viewer.evaluate(() => {
      window.__g2g.collecting = true;
    });
    const collectStart = Date.now();
    const publisherStart = await pages.publisher.evaluate(() => ({
      frames: window.__g2gPublisherFrames,
      chunks: window.__g2gRecorded.chunks,
    }));
    for (let s = 0; s < opts.seconds; s += 5) {
      await pages.viewer.waitForTimeout(Math.min(5, opts.seconds - s) * 1000);
      if (opts.verbose) {
        const { n, failures, recent, inPlayer } = await pages.viewer.evaluate(() => ({
          n: window.__g2g.samples.length,
          failures: window.__g2g.failures,
          recent: window.__g2g.samples.slice(-30).map((x) => x.latency),
          inPlayer: window.__g2g.samples
            .slice(-30)
            .map((x) => x.inPlayer)
            .filter((x) => x !== null),
        }));
        const state = await pages.viewer.evaluate(videoState, selector);
        recent.sort((a, b) => a - b);
        inPlayer.sort((a, b) => a - b);
        log(
          `${which}: ${n} samples, ${failures} failures, last 30 median ${percentile(recent, 50)} ms ` +
            `(in the player ${percentile(inPlayer, 50)} ms); ` +
            `video ${JSON.stringify(state)}`,
        );
      }
    }
    const collected = await pages.viewer.evaluate(() => {
      window.__g2g.collecting = false;
      return {
        latencies: window.__g2g.samples.map((x) => x.latency),
        split: window.__g2g.samples.filter((x) => x.inPlayer !== null).map((x) => [x.latency - x.inPlayer, x.inPlayer]),
        failures: window.__g2g.failures,
        firstFailure: window.__g2g.firstFailure,
        stalls: window.__g2g.stalls,
        stalledMs: window.__g2g.stalledMs,
      };
    });
    const elapsed = (Date.now() - collectStart) / 1000;
    const publisherEnd = await pages.publisher.evaluate(() => ({
      frames: window.__g2gPublisherFrames,
      chunks: window.__g2gRecorded.chunks,
    }));
    const publisherFps = (publisherEnd.frames - publisherStart.frames) / elapsed;
    log(
      `${which}: the canvas drew ${publisherFps.toFixed(1)} frames/s while the viewer showed ${(collected.latencies.length / elapsed).toFixed(1)}`,
    );
    const chunkMs = (elapsed * 1000) / Math.max(1, publisherEnd.chunks - publisherStart.chunks);
    if (collected.latencies.length === 0)
      throw new PathFailed(
        `the viewer played but no frame could be decoded in ${elapsed.toFixed(0)} s ` +
          `(${collected.failures} failures, first: ${collected.firstFailure ?? 'no frame presented'})`,
      );
    await endStream(pages.publisher, streamId).catch((e) => log(`${which}: ending the stream: ${e.message}`));
    const sorted = [...collected.latencies].sort((a, b) => a - b);
    const upstream = collected.split.map(([u]) => u).sort((a, b) => a - b);
    const inPlayer = collected.split.map(([, p]) => p).sort((a, b) => a - b);
    if (collected.failures > 0) log(`${which}: first decode failure: ${collected.firstFailure}`);
    if (pageErrors.length > 0) log(`${which}: page errors: ${pageErrors.join(' | ')}`);
    return {
      path: which,
      recorder: recorderMime,
      samples: sorted.length,
      fps: sorted.length / elapsed,
      min: sorted[0],
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted[sorted.length - 1],
      failures: collected.failures,
      inPlayerP50: inPlayer.length > 0 ? percentile(inPlayer, 50) : null,
      upstreamP50: upstream.length > 0 ? percentile(upstream, 50) : null,
      stalls: collected.stalls,
      stalledMs: collected.stalledMs,
      chunkMs,
      load: loadAverage().split(' ')[0],
    };
  } finally {
    await viewer.close().catch(() => undefined);
    await publisher.close().catch(() => undefined);
  }
}

/**
 * Waits (at most SETTLE_TIMEOUT_MS) until the player has caught up with the live edge: playing at
 * normal speed, not seeking, for 2 s in a row. The relay player starts at the newest keyframe
 * and plays at 1.1× until its lag is small, which takes several seconds.
 */
async function settle(page, selector, which, log) {
  const started = Date.now();
  let steadySince = null;
  while (Date.now() - started < SETTLE_TIMEOUT_MS) {
    const steady = await page.evaluate((sel) => {
      const video = document.querySelector(sel);
      return video !== null && !video.paused && !video.seeking && video.playbackRate === 1;
    }, selector);
    if (!steady) steadySince = null;
    else if (steadySince === null) steadySince = Date.now();
    else if (Date.now() - steadySince >= 2000) {
      log(`${which}: settled after ${((Date.now() - started) / 1000).toFixed(1)} s more`);
      return;
    }
    await page.waitForTimeout(250);
  }
  log(`${which}: still catching up after ${SETTLE_TIMEOUT_MS / 1000} s more; measuring anyway`);
}

/** Sign up, Reels → Go Live → Go live, as a creator does; resolves with the stream id once "Live". */
async function goLiveThroughUi(page, handle, which) {
  // The browser tests' own steps, so the bench goes live exactly as a creator (and the tests) do.
  const { signUp, openCreatorForm } = await import('../tests/browser/lib/e2e.mjs');
  try {
    await signUp(page, { handle, displayName: `Glass ${which}` });
    await openCreatorForm(page);
    await page.getByLabel('Title', { exact: true }).fill(`Glass to glass (${which})`);
    await page.getByRole('button', { name: 'Go live', exact: true }).click();
    await page.waitForURL(/\/live\/[^/]+\/broadcast$/);
    await page.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: PLAY_TIMEOUT_MS });
    return decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
  } catch (error) {
    throw new PathFailed(`the publisher could not go live through the UI: ${error.message.split('\n')[0]}`);
  }
}

/** A plain page on the server's origin playing watch.hlsUrl with hls.js (lowLatencyMode). */
async function openHlsViewer(page, origin, streamId, log) {
  const response = await fetch(`${origin}/api/live-streams/${encodeURIComponent(streamId)}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: '{}',
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new PathFailed(`join answered ${response.status}: ${JSON.stringify(answer)}`);
  const hlsUrl = answer?.watch?.hlsUrl;
  if (typeof hlsUrl !== 'string')
    throw new PathFailed(`the join answer has no watch.hlsUrl: ${JSON.stringify(answer?.watch)}`);
  log(`hls: ${hlsUrl.replace(/token=[^&]+/, 'token=…')}`);
  const pagePath = '/__glass_to_glass_hls.html';
  await page.route(`${origin}${pagePath}`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><title>hls</title><video id="hls" muted autoplay playsinline width="640" height="480"></video>',
    }),
  );
  await page.goto(`${origin}${pagePath}`);
  await page.addScriptTag({ path: HLS_SCRIPT });
  const supported = await page.evaluate((url) => {
    if (!window.Hls.isSupported()) return false;
    const video = document.getElementById('hls');
    const hls = new window.Hls({ lowLatencyMode: true });
    window.__hls = hls;
    window.__hlsErrors = [];
    hls.on(window.Hls.Events.ERROR, (_, data) => {
      window.__hlsErrors.push(`${data.fatal ? 'FATAL ' : ''}${data.type}/${data.details}`);
      if (window.__hlsErrors.length > 20) window.__hlsErrors.shift();
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => undefined));
    hls.loadSource(url);
    hls.attachMedia(video);
    return true;
  }, hlsUrl);
  if (!supported) throw new PathFailed('hls.js reports no Media Source support in this browser');
}

/** The owner ends the stream (no recording kept), so the next path starts from a quiet server. */
async function endStream(page, streamId) {
  await page.evaluate(async (id) => {
    const response = await fetch(`/api/live-streams/${encodeURIComponent(id)}/end`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saveRecording: false }),
    });
    if (!response.ok) throw new Error(`end: ${response.status} ${await response.text()}`);
  }, streamId);
}

function printTable(results, opts) {
  const load = loadAverage();
  const lines = [
    `glass-to-glass latency, ${new Date().toISOString().slice(0, 16)}Z, ${opts.seconds} s per path after ` +
      `${opts.warmup} s of warm-up and settling` +
      (opts.keyframeMs === null ? '' : `, publisher keyframe interval forced to ${opts.keyframeMs} ms`) +
      `; load average at the end ${load}`,
    '',
    '| path | recorded (chunk every) | samples | frames/s | min ms | p50 ms | p95 ms | max ms | decode failures | p50 to player / in player ms | stalls (ms) | load 1 min |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|',
  ];
  for (const r of results) {
    if (r.failed) {
      lines.push(`| ${r.path} | FAILED: ${r.failed.replace(/\|/g, '/')} | | | | | | | | | | |`);
      continue;
    }
    const codecs = /codecs="?([^"]+)"?/i.exec(r.recorder)?.[1] ?? r.recorder;
    lines.push(
      `| ${r.path} | ${codecs} (${Math.round(r.chunkMs)} ms) | ${r.samples} | ${r.fps.toFixed(1)} | ` +
        `${r.min} | ${r.p50} | ${r.p95} | ${r.max} | ${r.failures} | ` +
        `${r.upstreamP50 ?? '–'} / ${r.inPlayerP50 ?? '–'} | ${r.stalls} (${r.stalledMs}) | ${r.load} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function loadAverage() {
  try {
    return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

main().catch((error) => {
  process.stderr.write(`glass_to_glass: ${error.stack ?? error}\n`);
  process.exit(1);
});
