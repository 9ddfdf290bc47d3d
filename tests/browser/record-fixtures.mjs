#!/usr/bin/env node
// Record real MediaRecorder output from headless Chromium's fake camera and save it as
// test fixtures with the original chunk boundaries.
//
//   node record-fixtures.mjs                      # all committed fixtures -> ../fixtures/media/
//   node record-fixtures.mjs --only vp9_opus_6s   # one recording (repeatable, comma-separated ok)
//   node record-fixtures.mjs --out-dir DIR        # write fixtures elsewhere
//   node record-fixtures.mjs --bench --out /tmp/vp8_opus_25mbps_20s.webm
//                                                 # 2.5 Mbps, 20 s benchmark recording (not committed)
//   node record-fixtures.mjs --bench --mp4 --out /tmp/h264_opus_25mbps_20s.mp4
//                                                 # the same in fragmented MP4 (H.264 + Opus)
//   --busy-camera / --plain-camera                # feed the fake camera a noisy 640x480@20 y4m made
//                                                 # by ffmpeg (default for --bench) or use its built-in
//                                                 # pattern (default for fixtures)
//   --verbose                                     # page logs, camera settings, dataavailable times
//
// For each recording NAME two files are written:
//   NAME.webm|.mp4    the concatenation of every dataavailable Blob, in order
//   NAME.chunks.json  [len0, len1, ...] byte length of each dataavailable Blob, in order
//                     (sum == size of NAME.webm), so tests can replay the exact chunk boundaries.
//
// Every recorder uses start(100) and videoKeyFrameIntervalDuration: 1000, as onair's publisher page does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchChromium, serveStatic, pipePageLogs } from './lib/chromium.mjs';
import { analyse } from './analyse-webm.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_OUT_DIR = path.resolve(here, '../fixtures/media');

const TIMESLICE_MS = 100;
// The fake camera delivers 20 fps; on a loaded 2-core machine Chromium drops frames. A recording
// whose video runs below MIN_FPS is redone (up to MAX_TRIES), since it would not be representative.
const MIN_FPS = 18;
const MAX_TRIES = 3;
const KEYFRAME_INTERVAL_MS = 1000;

// Each recording: one getUserMedia stream, one or more consecutive recorder "segments" on it.
const RECORDINGS = {
  vp8_opus_05mbps_6s: {
    audio: true,
    segments: [{ name: 'vp8_opus_05mbps_6s', mimeType: 'video/webm;codecs=vp8,opus', durationMs: 6000 }],
  },
  vp9_opus_6s: {
    audio: true,
    segments: [{ name: 'vp9_opus_6s', mimeType: 'video/webm;codecs=vp9,opus', durationMs: 6000 }],
  },
  // A publisher reconnect: stop the recorder, start a NEW one on the same stream.
  vp8_opus_restart: {
    audio: true,
    segments: [
      { name: 'vp8_opus_restart_a', mimeType: 'video/webm;codecs=vp8,opus', durationMs: 2000 },
      { name: 'vp8_opus_restart_b', mimeType: 'video/webm;codecs=vp8,opus', durationMs: 2000 },
    ],
  },
  vp8_only_3s: {
    audio: false,
    segments: [{ name: 'vp8_only_3s', mimeType: 'video/webm;codecs=vp8', durationMs: 3000 }],
  },
  // Fragmented MP4 (ISO BMFF), as Chromium ≥ 126 and Safari record it: H.264, and Opus here
  // (Chromium has no AAC encoder). Chromium writes one moof+mdat fragment per keyframe interval.
  h264_opus_6s: {
    audio: true,
    segments: [{ name: 'h264_opus_6s', mimeType: 'video/mp4;codecs="avc1.42E01E,opus"', durationMs: 6000 }],
  },
  h264_only_3s: {
    audio: false,
    segments: [{ name: 'h264_only_3s', mimeType: 'video/mp4;codecs=avc1.42E01E', durationMs: 3000 }],
  },
};

const BENCH_MP4 = {
  audio: true,
  segments: [
    {
      name: 'h264_opus_25mbps_20s',
      mimeType: 'video/mp4;codecs="avc1.42E01F,opus"',
      durationMs: 20000,
      videoBitsPerSecond: 2500000,
    },
  ],
};

const BENCH = {
  audio: true,
  segments: [
    {
      name: 'vp8_opus_25mbps_20s',
      mimeType: 'video/webm;codecs=vp8,opus',
      durationMs: 20000,
      videoBitsPerSecond: 2500000,
    },
  ],
};

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>onair fixture recorder</title>
<script>
function toBase64(buf) {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

// Record consecutive segments on one stream. Returns [{ chunks: [base64...], times: [ms...], ... }].
window.recordSegments = async function ({ audio, segments, timeslice, keyFrameIntervalMs }) {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio });
  const vt = stream.getVideoTracks()[0];
  const settings = vt.getSettings();
  const results = [];
  for (const seg of segments) {
    if (!MediaRecorder.isTypeSupported(seg.mimeType)) throw new Error('unsupported ' + seg.mimeType);
    const opts = { mimeType: seg.mimeType, videoKeyFrameIntervalDuration: keyFrameIntervalMs };
    if (seg.videoBitsPerSecond) opts.videoBitsPerSecond = seg.videoBitsPerSecond;
    const rec = new MediaRecorder(stream, opts);
    const blobs = [];
    const times = [];
    let t0 = 0;
    rec.ondataavailable = (e) => { blobs.push(e.data); times.push(Math.round(performance.now() - t0)); };
    const stopped = new Promise((resolve, reject) => {
      rec.onstop = resolve;
      rec.onerror = (e) => reject(e.error || new Error('MediaRecorder error'));
    });
    t0 = performance.now();
    rec.start(timeslice);
    await new Promise((r) => setTimeout(r, seg.durationMs));
    rec.stop();
    await stopped;
    const chunks = [];
    for (const b of blobs) chunks.push(toBase64(await b.arrayBuffer()));
    results.push({
      name: seg.name,
      mimeType: rec.mimeType,
      videoBitsPerSecond: rec.videoBitsPerSecond,
      audioBitsPerSecond: rec.audioBitsPerSecond,
      chunks,
      times,
    });
  }
  for (const t of stream.getTracks()) t.stop();
  return { settings: { width: settings.width, height: settings.height, frameRate: settings.frameRate }, results };
};
</script>
`;

function parseArgs(argv) {
  const a = { only: [], bench: false, mp4: false, out: null, outDir: DEFAULT_OUT_DIR, verbose: false, busy: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--bench') a.bench = true;
    else if (k === '--mp4') a.mp4 = true;
    else if (k === '--out') a.out = argv[++i];
    else if (k === '--out-dir') a.outDir = path.resolve(argv[++i]);
    else if (k === '--only') a.only.push(...argv[++i].split(','));
    else if (k === '--verbose' || k === '-v') a.verbose = true;
    else if (k === '--busy-camera') a.busy = true;
    else if (k === '--plain-camera') a.busy = false;
    else if (k === '--help' || k === '-h') {
      const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
      console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${k}`);
  }
  if (a.bench && !a.out) throw new Error('--bench needs --out FILE.webm (or FILE.mp4 with --mp4)');
  if (a.busy === null) a.busy = a.bench;
  for (const n of a.only) if (!RECORDINGS[n]) throw new Error(`unknown recording ${n}; have ${Object.keys(RECORDINGS).join(', ')}`);
  return a;
}

const isMp4 = (seg) => seg.mimeType.startsWith('video/mp4');

/** Video frames per second and duration of an MP4 recording, by ffprobe. */
function probeMp4(bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onair-rec-'));
  try {
    const file = path.join(dir, 'probe.mp4');
    fs.writeFileSync(file, bytes);
    const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries',
      'stream=nb_read_packets:format=duration', '-of', 'json', file]).toString();
    const probe = JSON.parse(out);
    const frames = Number(probe.streams?.[0]?.nb_read_packets ?? 0);
    const seconds = Number(probe.format?.duration ?? 0);
    return { frames, seconds, fps: seconds > 0 ? +(frames / seconds).toFixed(1) : 0 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function checkSegment(seg) {
  const bufs = seg.chunks.map((c) => Buffer.from(c, 'base64'));
  if (isMp4(seg)) {
    const probe = probeMp4(Buffer.concat(bufs));
    const problems = [];
    if (!probe.frames) problems.push('no video track');
    else if (!(probe.fps >= MIN_FPS)) problems.push(`video at ${probe.fps} fps (< ${MIN_FPS}; machine busy?)`);
    const video = { fps: probe.fps, bytes: bufs.reduce((n, b) => n + b.length, 0), firstTsMs: 0,
      lastTsMs: Math.round(probe.seconds * 1000), keyframeTsMs: ['(see ffprobe)'] };
    return { problems, video, durationMs: video.lastTsMs };
  }
  const r = analyse(Buffer.concat(bufs), bufs.map((b) => b.length));
  const v = r.trackStats.find((t) => t.type === 'video');
  const problems = [...r.problems];
  if (!v) problems.push('no video track');
  else if (!(v.fps >= MIN_FPS)) problems.push(`video at ${v.fps} fps (< ${MIN_FPS}; machine busy?)`);
  return { problems, video: v, durationMs: v ? v.lastTsMs - v.firstTsMs : 0 };
}

function writeSegment(webmPath, seg) {
  const bufs = seg.chunks.map((c) => Buffer.from(c, 'base64'));
  const lengths = bufs.map((b) => b.length);
  const all = Buffer.concat(bufs);
  const { video } = checkSegment(seg);
  fs.mkdirSync(path.dirname(webmPath), { recursive: true });
  fs.writeFileSync(webmPath, all);
  const chunksPath = webmPath.replace(/\.(webm|mp4)$/, '') + '.chunks.json';
  fs.writeFileSync(chunksPath, JSON.stringify(lengths) + '\n');
  const lastT = seg.times.at(-1) || 0;
  const kbps = lastT ? Math.round((all.length * 8) / lastT) : 0;
  console.log(
    `${path.basename(webmPath)}: ${all.length} bytes in ${lengths.length} chunks ` +
      `(${seg.mimeType}, recorder.videoBitsPerSecond=${seg.videoBitsPerSecond}), ` +
      `last chunk at ${lastT} ms, ~${kbps} kbit/s overall; video ${video.fps} fps, ` +
      `${Math.round((video.bytes * 8) / Math.max(1, video.lastTsMs - video.firstTsMs))} kbit/s, keyframes at ${video.keyframeTsMs.join(',')} ms`,
  );
  return { webmPath, chunksPath, bytes: all.length, lengths };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let jobs;
  if (args.bench) {
    const out = path.resolve(args.out);
    const extension = args.mp4 ? '.mp4' : '.webm';
    jobs = [{ ...(args.mp4 ? BENCH_MP4 : BENCH), paths: [out.endsWith(extension) ? out : out + extension] }];
  } else {
    const names = args.only.length ? args.only : Object.keys(RECORDINGS);
    jobs = names.map((n) => ({
      ...RECORDINGS[n],
      paths: RECORDINGS[n].segments.map((s) => path.join(args.outDir, `${s.name}.${isMp4(s) ? 'mp4' : 'webm'}`)),
    }));
  }

  // Chromium's built-in fake camera pattern is so easy to encode that VP8 stays at ~0.4 Mbps
  // whatever videoBitsPerSecond says. For a realistic benchmark stream, feed the same fake capture
  // device a noisy test pattern instead (5 s, looped by Chromium).
  let tmpDir = null;
  const launchArgs = [];
  if (args.busy) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onair-rec-'));
    const y4m = path.join(tmpDir, 'busy.y4m');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=640x480:r=20,noise=alls=60:allf=t+u',
      '-t', '5', '-pix_fmt', 'yuv420p', y4m], { stdio: 'inherit' });
    launchArgs.push(`--use-file-for-fake-video-capture=${y4m}`);
  }

  const server = await serveStatic({ '/': { body: PAGE } });
  const browser = await launchChromium({ args: launchArgs });
  try {
    for (const job of jobs) {
      // A fresh page per recording, so each starts from a newly opened fake camera.
      let settings, results;
      for (let attempt = 1; ; attempt++) {
        const page = await browser.newPage();
        if (args.verbose) pipePageLogs(page);
        await page.goto(server.url + '/');
        ({ settings, results } = await page.evaluate(
          (p) => window.recordSegments(p),
          { audio: job.audio, segments: job.segments, timeslice: TIMESLICE_MS, keyFrameIntervalMs: KEYFRAME_INTERVAL_MS },
        ));
        await page.close();
        const bad = results.map((seg) => [seg.name, checkSegment(seg).problems]).filter(([, p]) => p.length);
        if (!bad.length) break;
        const msg = bad.map(([n, p]) => `${n}: ${p.join('; ')}`).join(' | ');
        if (attempt >= MAX_TRIES) {
          console.warn(`WARNING: keeping recording after ${attempt} tries: ${msg}`);
          break;
        }
        console.warn(`retrying (${attempt}/${MAX_TRIES}): ${msg}`);
      }
      if (args.verbose) console.log(`camera: ${JSON.stringify(settings)}`);
      results.forEach((seg, i) => {
        writeSegment(job.paths[i], seg);
        if (args.verbose) console.log(`  dataavailable at ms: ${seg.times.join(' ')}`);
      });
    }
  } finally {
    await browser.close();
    await server.close();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
