// End-to-end: the real onair server binary + the real web client (web/dist) in headless Debian
// Chromium with a fake camera. Run from the repo root with `node --test tests/browser/e2e/`, or
// `npm run e2e` in tests/browser. Needs build/onair and web/dist (see tests/browser/README.md).
//
// The story: a creator and a follower sign up through the UI, the follower follows the creator,
// the creator goes live from the Reels screen, the follower finds the stream in "Live now" and
// watches it (video really plays), the creator sees 1 viewer and mutes/unmutes, the follower's
// network drops and playback comes back by itself, the creator ends the stream saving the
// recording and the follower sees the end message with a link to the replay; the reel plays in the
// follower's Reels feed and on its own page. Then a second creator starts a paid stream; a third
// user hits the paywall, tops up, buys and watches; the second creator uploads a video and it
// plays in their feed. Screenshots of the main screens go to
// docs/screenshots/ (overwritten on each run).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '../lib/chromium.mjs';
import { REPO_ROOT, startOnair } from '../lib/onairServer.mjs';

const SCREENSHOT_DIR = process.env.ONAIR_SCREENSHOT_DIR || path.join(REPO_ROOT, 'docs/screenshots');
const VERBOSE = !!process.env.ONAIR_E2E_VERBOSE;
/** A 6 s VP8/Opus WebM recorded by record-fixtures.mjs, uploaded as a reel. */
const UPLOAD_FIXTURE = path.join(REPO_ROOT, 'tests/fixtures/media/vp8_opus_05mbps_6s.webm');
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1024, height: 720 };
const PASSWORD = 'correct horse battery';
/** Generous for a loaded 2-core machine; the whole run still stays well under 3 minutes. */
const UI_TIMEOUT = 15_000;
const MEDIA_TIMEOUT = 30_000;

let server;
let browser;
/** name → { context, page, errors, sockets: {url, at, doc}[], requests: {what, at, doc}[], doc } */
const actors = {};
const run = Date.now().toString(36).slice(-5);
const users = {
  creator: { handle: `cam_${run}`, displayName: 'Casey Creator' },
  follower: { handle: `fan_${run}`, displayName: 'Frankie Follower' },
  paidCreator: { handle: `pro_${run}`, displayName: 'Pat Premium' },
  buyer: { handle: `buy_${run}`, displayName: 'Bailey Buyer' },
  operator: { handle: `ops_${run}`, displayName: 'Olive Operator' },
};
const state = { streamId: null, paidStreamId: null, reelId: null };
/** Once a step fails, the steps after it (which depend on it) are skipped. */
let broken = null;

function step(name, fn, { timeout = 60_000 } = {}) {
  it(name, { timeout }, async (t) => {
    if (broken !== null) {
      t.skip(`skipped: "${broken}" failed`);
      return;
    }
    const started = Date.now();
    try {
      await fn(t);
    } catch (error) {
      broken = name;
      await saveFailureArtifacts(name);
      throw error;
    } finally {
      if (VERBOSE) process.stderr.write(`  step "${name}" took ${Date.now() - started} ms\n`);
    }
  });
}

async function saveFailureArtifacts(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onair-e2e-failure-'));
  for (const [actor, { page }] of Object.entries(actors)) {
    await page.screenshot({ path: path.join(dir, `${actor}.png`) }).catch(() => undefined);
  }
  if (server) {
    fs.writeFileSync(path.join(dir, 'server.log'), server.log());
    const exit = server.exitStatus();
    if (exit !== null) process.stderr.write(`e2e: the onair server has exited: ${JSON.stringify(exit)}\n`);
  }
  const errors = Object.entries(actors).map(([actor, a]) => `${actor}:\n  ${a.errors.join('\n  ')}`);
  fs.writeFileSync(path.join(dir, 'page-errors.txt'), errors.join('\n'));
  process.stderr.write(`e2e: step "${name}" failed; screenshots, page errors and server log in ${dir}\n`);
}

async function newActor(name, viewport) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport,
    isMobile: viewport === PHONE,
    hasTouch: viewport === PHONE,
    permissions: ['camera', 'microphone'],
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  // `doc` counts page loads: loops and backoff are judged within one document.
  const actor = { context, page, errors: [], sockets: [], requests: [], doc: 0 };
  page.on('request', (request) => {
    if (request.resourceType() === 'document' && request.frame() === page.mainFrame()) actor.doc += 1;
    const url = new URL(request.url());
    if (url.origin === server.url && url.pathname.startsWith('/api/'))
      actor.requests.push({ what: `${request.method()} ${url.pathname}`, at: Date.now(), doc: actor.doc });
  });
  page.on('pageerror', (error) => actor.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (VERBOSE) process.stderr.write(`[${name}:${message.type()}] ${message.text()}\n`);
  });
  page.on('websocket', (socket) => actor.sockets.push({ url: socket.url(), at: Date.now(), doc: actor.doc }));
  actors[name] = actor;
  return actor;
}

async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

async function signUp(page, { handle, displayName }) {
  await page.goto('/signup');
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Email').fill(`${handle}@example.test`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('link', { name: `@${handle}` }).waitFor();
}

/** From the Reels screen: Go Live → creator form → camera → Go live → broadcaster page. */
async function goLive(page, { title, paidPrice = null, screenshots = false }) {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Reels', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Go Live' }).click();
  await page.waitForURL('**/live/new');
  // Once this site may use the camera, the preview starts by itself (going live in one step);
  // before that, the creator allows it.
  const previewing = () => {
    const video = document.querySelector('video[aria-label="Camera preview"]');
    return video !== null && video.videoWidth > 0;
  };
  const allow = page.getByRole('button', { name: 'Allow camera and microphone' });
  await Promise.race([
    allow.click().catch(() => {}),
    page.waitForFunction(previewing),
  ]);
  await page.waitForFunction(previewing);
  await page.getByLabel('Title', { exact: true }).fill(title);
  if (paidPrice !== null) {
    await page.getByRole('radio', { name: 'Paid' }).check();
    await page.getByLabel('Price in credits').fill(String(paidPrice));
  }
  if (screenshots) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'creator-form');
  }
  await page.getByRole('button', { name: 'Go live', exact: true }).click();
  await page.waitForURL(/\/live\/[^/]+\/broadcast$/);
  const streamId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
  // "Live" once the relay has the first media from this publisher.
  await page.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: MEDIA_TIMEOUT });
  return streamId;
}

function liveVideoState(page) {
  return page.evaluate(() => {
    const video = document.querySelector('video.live-video');
    if (video === null) return null;
    return {
      currentTime: video.currentTime,
      paused: video.paused,
      readyState: video.readyState,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      muted: video.muted,
      playbackRate: video.playbackRate,
      seeking: video.seeking,
      networkState: video.networkState,
      error: video.error?.message ?? null,
      buffered: Array.from({ length: video.buffered.length }, (_, i) => [
        +video.buffered.start(i).toFixed(3),
        +video.buffered.end(i).toFixed(3),
      ]),
      quality: video.getVideoPlaybackQuality?.(),
    };
  });
}

/** The viewer's video plays: a picture, and currentTime advances by ≥ 2 s. */
async function expectPlaying(page, label) {
  try {
    await page.waitForFunction(
      () => {
        const video = document.querySelector('video.live-video');
        return video !== null && !video.paused && video.readyState >= 3 && video.videoWidth > 0;
      },
      null,
      { timeout: MEDIA_TIMEOUT },
    );
  } catch (error) {
    const states = [];
    for (let i = 0; i < 3; i += 1) {
      states.push(await liveVideoState(page).catch(() => null));
      await page.waitForTimeout(500);
    }
    error.message += `\n${label}: the video never played; its state: ${JSON.stringify(states)}`;
    throw error;
  }
  // currentTime must advance by ≥ 2 s. On a loaded 2-core machine decoding can lag behind the
  // wall clock for a moment, so allow up to 8 s of wall time (a frozen player never gets there).
  const first = await liveVideoState(page);
  const t0 = Date.now();
  try {
    await page.waitForFunction(
      (start) => document.querySelector('video.live-video').currentTime >= start + 2,
      first.currentTime,
      { timeout: 8000, polling: 100 },
    );
  } catch (error) {
    error.message += `\n${label}: currentTime did not advance 2 s in 8 s: ${JSON.stringify({
      first,
      now: await liveVideoState(page),
    })}`;
    throw error;
  }
  const wall = (Date.now() - t0) / 1000;
  const second = await liveVideoState(page);
  if (VERBOSE) process.stderr.write(`  ${label}: currentTime +2 s took ${wall.toFixed(2)} s of wall time\n`);
  assert.ok(second.videoWidth > 0, `${label}: videoWidth is ${second.videoWidth}`);
  return { wall, ...second };
}

/** The reel video in `selector` plays: a picture, and currentTime advances by ≥ 1 s (or loops). */
async function expectReelPlaying(page, selector, label) {
  const state = () =>
    page.evaluate((sel) => {
      const video = document.querySelector(sel);
      if (video === null) return null;
      return {
        src: video.currentSrc,
        currentTime: video.currentTime,
        duration: video.duration,
        paused: video.paused,
        muted: video.muted,
        readyState: video.readyState,
        networkState: video.networkState,
        videoWidth: video.videoWidth,
        error: video.error?.message ?? null,
      };
    }, selector);
  try {
    await page.waitForFunction(
      (sel) => {
        const video = document.querySelector(sel);
        return video !== null && !video.paused && video.readyState >= 2 && video.videoWidth > 0;
      },
      selector,
      { timeout: MEDIA_TIMEOUT },
    );
  } catch (error) {
    error.message += `\n${label}: the reel never played; its state: ${JSON.stringify(await state().catch(() => null))}`;
    throw error;
  }
  const first = await state();
  const t0 = Date.now();
  try {
    // A reel loops in the feed: jumping back to the start counts as having played on.
    await page.waitForFunction(
      ({ sel, start }) => {
        const t = document.querySelector(sel).currentTime;
        return t >= start + 1 || t < start - 0.5;
      },
      { sel: selector, start: first.currentTime },
      { timeout: 8000, polling: 100 },
    );
  } catch (error) {
    error.message += `\n${label}: currentTime did not advance: ${JSON.stringify({ first, now: await state() })}`;
    throw error;
  }
  const second = await state();
  if (VERBOSE)
    process.stderr.write(
      `  ${label}: reel played ${(Date.now() - t0) / 1000} s of wall time; ${JSON.stringify(second)}\n`,
    );
  assert.ok(second.videoWidth > 0, `${label}: videoWidth is ${second.videoWidth}`);
  assert.equal(second.error, null, `${label}: media error ${second.error}`);
  return second;
}

/** GET an API path with the page's session cookie. */
function apiGet(page, apiPath) {
  return page.evaluate(async (p) => {
    const response = await fetch(p, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET ${p}: ${response.status} ${await response.text()}`);
    return response.json();
  }, apiPath);
}

async function endStream(page, { save }) {
  await page.getByRole('button', { name: 'End stream' }).click();
  const dialog = page.getByRole('dialog', { name: 'End your live stream?' });
  await dialog.waitFor();
  await dialog.getByRole('radio', { name: save ? 'Save it as a reel' : 'Discard it' }).check();
  await dialog.getByRole('button', { name: 'End stream' }).click();
  // The owner's own summary (not the "ended elsewhere" page).
  const summary = page.locator('.end-summary');
  await summary.getByRole('heading', { name: 'Stream ended' }).waitFor();
  const text = await summary.textContent();
  if (VERBOSE) process.stderr.write(`  end summary: ${text}\n`);
  if (save) assert.match(text, /saved as a reel|recording is processing/, text);
  else assert.match(text, /The recording was discarded\./, text);
  await assert.rejects(page.getByRole('button', { name: 'End stream' }).waitFor({ timeout: 500 }));
  return { text, summary };
}

/** Attempts to open the /ws event socket (which older servers lack: 404) must follow the backoff. */
function assertEventSocketBackoff(actor, name) {
  const attempts = actor.sockets.filter((s) => new URL(s.url).pathname === '/ws');
  for (const { at, doc } of attempts) {
    const inWindow = attempts.filter((a) => a.doc === doc && a.at >= at && a.at < at + 10_000).length;
    // 1 s, 2 s, 4 s, 8 s … plus one at once when the browser comes back online.
    assert.ok(inWindow <= 5, `${name}: ${inWindow} /ws connection attempts within 10 s in one page`);
  }
  return attempts.length;
}

/** No API call may loop: at most 8 of the same request in any 10 s of one page. */
function assertNoRequestLoops(actor, name) {
  const byWhat = new Map();
  for (const r of actor.requests) byWhat.set(r.what, [...(byWhat.get(r.what) ?? []), r]);
  for (const [what, calls] of byWhat) {
    for (const { at, doc } of calls) {
      const inWindow = calls.filter((c) => c.doc === doc && c.at >= at && c.at < at + 10_000).length;
      assert.ok(inWindow <= 8, `${name}: ${what} requested ${inWindow} times within 10 s`);
    }
  }
}

function checkActor(name) {
  const actor = actors[name];
  assert.deepEqual(actor.errors, [], `${name} had page errors`);
  assertNoRequestLoops(actor, name);
  const attempts = assertEventSocketBackoff(actor, name);
  if (VERBOSE) process.stderr.write(`  ${name}: ${attempts} /ws attempts\n`);
}

describe('onair live streaming, end to end', { timeout: 240_000 }, () => {
  before(async () => {
    server = await startOnair();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    const exit = await server?.stop();
    if (VERBOSE && server) {
      const logFile = path.join(os.tmpdir(), 'onair-e2e-server.log');
      fs.writeFileSync(logFile, server.log());
      process.stderr.write(`onair exited: ${JSON.stringify(exit)}; its log is in ${logFile}\n`);
    }
  });

  step('the server serves the web client and its health check', async () => {
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, 'ok');
    const spa = await fetch(`${server.url}/live/some-id/broadcast`);
    assert.equal(spa.status, 200);
    assert.match(await spa.text(), /<div id="root">/);
  });

  step('creator (desktop) and follower (phone) sign up through the UI', async () => {
    const creator = await newActor('creator', DESKTOP);
    const follower = await newActor('follower', PHONE);
    await Promise.all([signUp(creator.page, users.creator), signUp(follower.page, users.follower)]);
  });

  step('the follower follows the creator on the profile page', async () => {
    const { page } = actors.follower;
    await page.goto(`/u/${users.creator.handle}`);
    await page.getByRole('heading', { name: users.creator.displayName }).waitFor();
    await page.getByRole('button', { name: 'Follow' }).click();
    await page.getByRole('button', { name: 'Unfollow' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Unfollow' }).waitFor();
    await assert.doesNotReject(page.getByText(/^1 follower · /).waitFor());
  });

  step('notifications start empty, their settings load, and there are no reels yet', async () => {
    const { page } = actors.follower;
    await page.goto('/notifications');
    await page.getByText('No notifications yet.').waitFor();
    await page.goto('/settings/notifications');
    await page.getByRole('heading', { name: 'Notification settings' }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'no error on the settings screen');
    await page.goto('/');
    await page.getByText('No reels yet.').waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'no error on the Reels screen');
  });

  step('the creator goes live from the Reels screen', async () => {
    state.streamId = await goLive(actors.creator.page, { title: 'Morning stretch', screenshots: true });
  });

  step('the follower is told the creator is live: the bell counts it and the list shows it', async () => {
    const { page } = actors.follower;
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 15_000 });
    await page.goto('/notifications');
    await page.getByText('Morning stretch').first().waitFor();
    await screenshot(page, 'notifications');
  });

  step('the follower finds the stream in "Live now" and it plays', async () => {
    const { page } = actors.follower;
    await page.goto('/');
    const row = page.getByRole('region', { name: 'Live now from people you follow' });
    const card = row.getByRole('link', { name: /Morning stretch/ });
    await card.waitFor();
    await screenshot(page, 'reels'); // the Reels screen, with the stream under "Live now"
    await card.click();
    await page.waitForURL(`**/live/${state.streamId}`);
    await page.getByRole('heading', { name: 'Morning stretch' }).waitFor();
    await expectPlaying(page, 'follower');
    await page.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
    await screenshot(page, 'viewer-playing');
  });

  step("the creator's controls show 1 viewer", async () => {
    const { page } = actors.creator;
    await page.getByLabel('1 viewer', { exact: true }).waitFor({ timeout: MEDIA_TIMEOUT });
    await screenshot(page, 'broadcaster-controls');
  });

  step('the creator mutes and unmutes the microphone', async () => {
    const { page } = actors.creator;
    const audioEnabled = () =>
      page.evaluate(() => {
        const video = document.querySelector('video[aria-label="Your camera"]');
        return video.srcObject.getAudioTracks().map((track) => track.enabled);
      });
    assert.deepEqual(await audioEnabled(), [true]);
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    await page.getByRole('button', { name: 'Unmute' }).waitFor();
    assert.deepEqual(await audioEnabled(), [false]);
    await page.getByRole('button', { name: 'Unmute' }).click();
    await page.getByRole('button', { name: 'Mute', exact: true }).waitFor();
    assert.deepEqual(await audioEnabled(), [true]);
    // The broadcast went on throughout.
    await page.getByRole('status', { name: 'Connection: Live' }).waitFor();
    await expectPlaying(actors.follower.page, 'follower after mute/unmute');
  });

  step('the follower chats and reacts; the creator sees both, and answers', async () => {
    const follower = actors.follower.page;
    const creator = actors.creator.page;
    const input = follower.getByRole('textbox', { name: 'Chat message' });
    await input.fill('Good morning from the phone!');
    await input.press('Enter');
    await follower.getByRole('log', { name: 'Chat messages' }).getByText('Good morning from the phone!').waitFor();
    await creator.getByRole('log', { name: 'Chat messages' }).getByText('Good morning from the phone!').waitFor();
    await creator.getByRole('textbox', { name: 'Chat message' }).fill('Welcome, Frankie');
    await creator.getByRole('button', { name: 'Send' }).click();
    await follower.getByRole('log', { name: 'Chat messages' }).getByText('Welcome, Frankie').waitFor();
    await follower.getByRole('button', { name: 'React with heart' }).click();
    // The reaction reaches the creator in the next batch (at most 250 ms later) as a count.
    await creator
      .getByRole('group', { name: 'Reactions' })
      .getByRole('button', { name: 'React with heart' })
      .locator('.reaction-count')
      .filter({ hasText: /^1$/ })
      .waitFor();
    await screenshot(follower, 'viewer-chat');
    await expectPlaying(follower, 'follower while chatting');
  });

  step("the follower's network drops for a few seconds and playback resumes by itself", async () => {
    const { context, page } = actors.follower;
    const watchSockets = () => actors.follower.sockets.filter((s) => s.url.includes('/watch')).length;
    const before = watchSockets();
    await context.setOffline(true);
    // The watch socket may survive an emulated (or brief real) drop, but nothing arrives: the
    // viewer must say so rather than show a frozen picture labelled "Live".
    await page.getByRole('status').filter({ hasText: 'Connection lost — reconnecting…' }).waitFor({ timeout: 8000 });
    await page.getByText('You are offline.').waitFor();
    await page.waitForTimeout(3000);
    await context.setOffline(false);
    await expectPlaying(page, 'follower after the network came back');
    await page.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
    assert.ok(watchSockets() > before, 'the viewer opened a new watch socket after the drop');
    await page.getByText('You are offline.').waitFor({ state: 'detached' });
    // No reload: the same viewer page recovered.
    assert.equal(new URL(page.url()).pathname, `/live/${state.streamId}`);
  });

  step('the creator ends the stream, saving it as a reel; the viewer sees the end and the replay', async () => {
    const { summary } = await endStream(actors.creator.page, { save: true });
    // The owner's summary links to the reel from the end response.
    const link = summary.getByRole('link', { name: 'Watch your reel' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    assert.match(href, /^\/reels\/[^/]+$/, href);
    state.reelId = decodeURIComponent(href.split('/')[2]);
    const { page } = actors.follower;
    await page.getByRole('heading', { name: 'This live stream has ended' }).waitFor({ timeout: MEDIA_TIMEOUT });
    await screenshot(page, 'viewer-ended');
    // The recording may still be finalising ("recording") for a moment; it ends up "saved".
    let stream;
    for (const started = Date.now(); ; await page.waitForTimeout(250)) {
      ({ stream } = await apiGet(page, `/api/live-streams/${state.streamId}`));
      if (stream.recording !== 'recording' || Date.now() - started > MEDIA_TIMEOUT) break;
    }
    assert.equal(stream.status, 'ended');
    assert.equal(stream.recording, 'saved');
    assert.equal(stream.reelId, state.reelId);
    // The relay announced the end before the reel existed; /ws (or a re-fetch) names it.
    const replay = page.getByRole('link', { name: 'Watch the replay' });
    await replay.waitFor();
    assert.equal(await replay.getAttribute('href'), `/reels/${state.reelId}`);
    const { reel } = await apiGet(page, `/api/reels/${state.reelId}`);
    assert.equal(reel.title, 'Morning stretch');
    assert.equal(reel.sourceStreamId, state.streamId);
    assert.ok(reel.durationMs > 0, `durationMs ${reel.durationMs}`);
  });

  step("the reel is in the follower's Reels feed and plays there", async () => {
    const { page } = actors.follower;
    await page.goto('/');
    const feed = page.getByRole('region', { name: 'Reels' });
    await feed.getByRole('article', { name: `Morning stretch by ${users.creator.displayName}` }).waitFor();
    const video = feed.locator('video.reel-video');
    assert.equal(await video.count(), 1, 'one reel video at a time');
    assert.equal(await video.getAttribute('poster'), `/media/reels/${state.reelId}/thumbnail`);
    const played = await expectReelPlaying(page, '.reels-feed video.reel-video', 'follower feed');
    assert.equal(played.muted, true, 'the feed autoplays muted');
    assert.match(played.src, new RegExp(`/media/reels/${state.reelId}$`));
    await video.scrollIntoViewIfNeeded();
    await screenshot(page, 'reel-playing');
  });

  step('the reel page /reels/:id plays it too', async () => {
    const { page } = actors.follower;
    await page.getByRole('region', { name: 'Reels' }).getByRole('link', { name: 'Morning stretch' }).click();
    await page.waitForURL(`**/reels/${state.reelId}`);
    await page.getByRole('heading', { name: 'Morning stretch' }).waitFor();
    await expectReelPlaying(page, '.reel-screen video.reel-video', 'follower reel page');
  });

  step('a second creator starts a paid stream', async () => {
    const paidCreator = await newActor('paidCreator', DESKTOP);
    // The follower is done: check it, then close it to spare the CPU.
    checkActor('follower');
    await actors.follower.context.close();
    delete actors.follower;
    await signUp(paidCreator.page, users.paidCreator);
    state.paidStreamId = await goLive(paidCreator.page, { title: 'Premium masterclass', paidPrice: 25 });
  });

  step('a third user hits the paywall, tops up, buys and watches', async () => {
    const buyer = await newActor('buyer', PHONE);
    const { page } = buyer;
    await signUp(page, users.buyer);
    const row = page.getByRole('region', { name: 'All live streams' });
    const card = row.getByRole('link', { name: /Premium masterclass/ });
    await card.waitFor();
    await card.click();
    await page.waitForURL(`**/live/${state.paidStreamId}`);
    await page.getByRole('heading', { name: 'Paid live stream' }).waitFor();
    await page.getByText('Your balance: 0 credits').waitFor();
    const buy = page.getByRole('button', { name: 'Buy for 25 credits' });
    assert.equal(await buy.isDisabled(), true, 'cannot buy with 0 credits');
    await screenshot(page, 'paywall');
    await page.getByLabel('Credits to add').fill('30');
    await page.getByRole('button', { name: 'Add credits' }).click();
    await page.getByText('Your balance: 30 credits').waitFor();
    await buy.click();
    await expectPlaying(page, 'buyer');
    const wallet = await apiGet(page, '/api/me/wallet');
    assert.equal(wallet.balanceCredits, 5);
    await actors.paidCreator.page.getByLabel('1 viewer', { exact: true }).waitFor({ timeout: MEDIA_TIMEOUT });
  });

  step('the paid stream ends (recording discarded)', async () => {
    await endStream(actors.paidCreator.page, { save: false });
    await actors.buyer.page
      .getByRole('heading', { name: 'This live stream has ended' })
      .waitFor({ timeout: MEDIA_TIMEOUT });
  });

  step('the second creator uploads a video; it leads their Reels feed and plays', async () => {
    const { page } = actors.paidCreator;
    await page.goto('/');
    await page.getByRole('button', { name: 'Upload Video' }).click();
    const form = page.getByRole('form', { name: 'Upload video' });
    await form.getByLabel('Video file (WebM or MP4)').setInputFiles(UPLOAD_FIXTURE);
    await form.getByLabel('Title', { exact: true }).fill('Uploaded clip');
    await form.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Uploaded “Uploaded clip”.').waitFor();
    const feed = page.getByRole('region', { name: 'Reels' });
    await feed.getByRole('article', { name: `Uploaded clip by ${users.paidCreator.displayName}` }).waitFor();
    await expectReelPlaying(page, '.reels-feed video.reel-video', 'uploaded reel in the feed');
  });

  step("an operator sees the dashboard and the first stream's analytics", async () => {
    const operator = await newActor('operator', DESKTOP);
    await signUp(operator.page, users.operator);
    const { page } = operator;
    server.admin('grant', users.operator.handle);  // operators are made beside the server, never by signing up
    await page.reload();
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Operators’ dashboard' }).waitFor();
    const streams = page.getByRole('region', { name: 'Streams' });
    await streams.getByRole('link', { name: 'Morning stretch' }).waitFor();
    await streams.getByRole('link', { name: 'Premium masterclass' }).waitFor();
    await screenshot(page, 'admin-dashboard');
    await streams.getByRole('link', { name: 'Analytics for “Morning stretch”' }).click();
    await page.waitForURL(`**/admin/streams/${state.streamId}`);
    await page.getByRole('heading', { name: 'Morning stretch' }).waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    assert.ok((await timeline.getByRole('listitem').count()) >= 3, 'created, live, ended at least');
    // The follower watched: the audience counts them.
    const audience = page.getByRole('region', { name: 'Totals' });
    await audience.getByText('Unique viewers').waitFor();
    const analytics = await apiGet(page, `/api/admin/streams/${state.streamId}/analytics`);
    assert.equal(analytics.analytics.uniqueViewers, 1);
    assert.equal(analytics.analytics.followersNotified, 1);
    assert.ok(analytics.analytics.durationMs > 0);
    await screenshot(page, 'admin-analytics');
    // Other users are told the page is for operators only.
    await actors.buyer.page.goto('/admin');
    await actors.buyer.page.getByText('Only operators can see this page.').waitFor();
  });

  step('no page errors, no request loops, /ws (re)connects only with backoff', async () => {
    for (const name of Object.keys(actors)) checkActor(name);
    assert.equal(server.exitStatus(), null, 'the server is still running');
  });
});
