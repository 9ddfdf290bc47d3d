// What the end-to-end suites (e2e/*.e2e.mjs) share: one server and one browser per suite, actors
// (a browser context and page each, watched for page errors, request loops and /ws retries),
// steps that stop the story at the first failure, and the UI moves and checks every story uses
// (sign up, go live, the video plays, end the stream, the page is accessible).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { launchChromium } from './chromium.mjs';
import { REPO_ROOT, startOnair } from './onairServer.mjs';

export const SCREENSHOT_DIR = process.env.ONAIR_SCREENSHOT_DIR || path.join(REPO_ROOT, 'docs/screenshots');
export const VERBOSE = !!process.env.ONAIR_E2E_VERBOSE;
/** The phone of issue 15 (an iPhone 12–15 screen), with touch; and a laptop. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
export const PASSWORD = 'correct horse battery';
/** Generous for a loaded 2-core machine; the whole run still stays well under 3 minutes. */
export const UI_TIMEOUT = 15_000;
export const MEDIA_TIMEOUT = 30_000;
/** axe impacts that fail a screen; "moderate" and "minor" findings are printed when verbose. */
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export function log(line) {
  if (VERBOSE) process.stderr.write(`  ${line}\n`);
}

/**
 * One suite's server, browser and actors. Call start() in `before` and stop() in `after`;
 * `step` replaces `it`: once a step fails, the later ones (which build on it) are skipped.
 */
export function createSuite(title) {
  let server = null;
  let browser = null;
  let broken = null;
  /**
   * name → { context, page, errors, sockets: {url, at, doc}[], requests: {what, at, doc}[],
   * pushes: {type, id, status, at}[] (what /ws pushed), doc }
   */
  const actors = {};

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
    process.stderr.write(`e2e (${title}): step "${name}" failed; screenshots, page errors and server log in ${dir}\n`);
  }

  /** No page errors, no API request loops, /ws retried only with backoff. */
  function checkActor(name) {
    const actor = actors[name];
    assert.deepEqual(actor.errors, [], `${name} had page errors`);
    assertNoRequestLoops(actor, name);
    const attempts = assertEventSocketBackoff(actor, name);
    log(`${name}: ${attempts} /ws attempts`);
  }

  return {
    actors,
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },

    async start() {
      server = await startOnair();
      browser = await launchChromium();
    },

    async stop() {
      await browser?.close().catch(() => undefined);
      const exit = await server?.stop();
      if (VERBOSE && server) {
        const logFile = path.join(os.tmpdir(), `onair-e2e-server-${title.replace(/\W+/g, '-')}.log`);
        fs.writeFileSync(logFile, server.log());
        process.stderr.write(`onair exited: ${JSON.stringify(exit)}; its log is in ${logFile}\n`);
      }
    },

    step(name, fn, { timeout = 60_000 } = {}) {
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
          log(`step "${name}" took ${Date.now() - started} ms`);
        }
      });
    },

    /** A browser context of its own (cookies, camera permission): one person on one device. */
    async newActor(name, viewport) {
      const phone = viewport === PHONE;
      const context = await browser.newContext({
        baseURL: server.url,
        viewport,
        isMobile: phone,
        hasTouch: phone,
        permissions: ['camera', 'microphone'],
      });
      context.setDefaultTimeout(UI_TIMEOUT);
      const page = await context.newPage();
      // `doc` counts page loads: loops and backoff are judged within one document, and a step
      // that must not reload the page checks it did not change.
      const actor = { context, page, errors: [], sockets: [], requests: [], pushes: [], doc: 0 };
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
      page.on('websocket', (socket) => {
        actor.sockets.push({ url: socket.url(), at: Date.now(), doc: actor.doc });
        if (new URL(socket.url()).pathname !== '/ws') return;
        socket.on('framereceived', ({ payload }) => {
          if (typeof payload !== 'string') return;
          try {
            const push = JSON.parse(payload);
            const id = push.stream?.id ?? push.streamId ?? null;
            actor.pushes.push({ type: push.type, id, status: push.stream?.status ?? null, at: Date.now() });
          } catch {
            actor.pushes.push({ type: 'unreadable', payload, at: Date.now() });
          }
        });
      });
      actors[name] = actor;
      return actor;
    },

    checkActor,

    /** Checks an actor (see checkActor), then closes its context to spare the CPU. */
    async retire(name) {
      checkActor(name);
      await actors[name].context.close();
      delete actors[name];
    },
  };
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

/** Saves what the page shows now as SCREENSHOT_DIR/NAME.png (overwritten). */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/** Fills the sign-up form on the page it is on (/signup, maybe with ?next=) and sends it. */
export async function fillSignUp(page, { handle, displayName }) {
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Email').fill(`${handle}@example.test`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
}

/** Signs up through /signup and waits for the Reels screen, signed in. */
export async function signUp(page, user) {
  await page.goto('/signup');
  await fillSignUp(page, user);
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('link', { name: `@${user.handle}` }).waitFor();
}

/** The creator form with the camera previewing (permission granted once, it starts by itself). */
export async function openCreatorForm(page) {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Reels', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Go Live' }).click();
  await page.waitForURL('**/live/new');
  const previewing = () => {
    const video = document.querySelector('video[aria-label="Camera preview"]');
    return video !== null && video.videoWidth > 0;
  };
  const allow = page.getByRole('button', { name: 'Allow camera and microphone' });
  await Promise.race([allow.click().catch(() => {}), page.waitForFunction(previewing)]);
  await page.waitForFunction(previewing);
}

/**
 * From the Reels screen: Go Live → creator form → camera → Go live → broadcaster page, "Live".
 * `beforeGoLive(page)` runs on the filled form (checks, screenshots). Returns the stream id.
 */
export async function goLive(page, { title, paidPrice = null, beforeGoLive = null }) {
  await openCreatorForm(page);
  await page.getByLabel('Title', { exact: true }).fill(title);
  if (paidPrice !== null) {
    await page.getByRole('radio', { name: 'Paid' }).check();
    await page.getByLabel('Price in credits').fill(String(paidPrice));
  }
  if (beforeGoLive !== null) await beforeGoLive(page);
  await page.getByRole('button', { name: 'Go live', exact: true }).click();
  await page.waitForURL(/\/live\/[^/]+\/broadcast$/);
  const streamId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
  // "Live" once the relay has the first media from this publisher.
  await page.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: MEDIA_TIMEOUT });
  return streamId;
}

export function liveVideoState(page) {
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
export async function expectPlaying(page, label) {
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
  log(`${label}: currentTime +2 s took ${wall.toFixed(2)} s of wall time`);
  assert.ok(second.videoWidth > 0, `${label}: videoWidth is ${second.videoWidth}`);
  return { wall, ...second };
}

/** The reel video in `selector` plays: a picture, and currentTime advances by ≥ 1 s (or loops). */
export async function expectReelPlaying(page, selector, label) {
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
  log(`${label}: reel played ${(Date.now() - t0) / 1000} s of wall time; ${JSON.stringify(second)}`);
  assert.ok(second.videoWidth > 0, `${label}: videoWidth is ${second.videoWidth}`);
  assert.equal(second.error, null, `${label}: media error ${second.error}`);
  return second;
}

/** GET an API path with the page's session cookie. */
export function apiGet(page, apiPath) {
  return page.evaluate(async (p) => {
    const response = await fetch(p, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET ${p}: ${response.status} ${await response.text()}`);
    return response.json();
  }, apiPath);
}

/** POST a JSON body to an API path with the page's session cookie; returns the JSON answer. */
export function apiPost(page, apiPath, body = {}) {
  return page.evaluate(
    async ({ p, b }) => {
      const response = await fetch(p, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(b),
      });
      if (!response.ok) throw new Error(`POST ${p}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    { p: apiPath, b: body },
  );
}

/**
 * Any API call with the page's session cookie, never throwing on a refusal: `{ status, body }`
 * (body the parsed JSON, or null when empty), for checking what the server refuses.
 */
export function apiCall(page, method, apiPath, body = undefined) {
  return page.evaluate(
    async ({ m, p, b }) => {
      const response = await fetch(p, {
        method: m,
        headers: { Accept: 'application/json', ...(b === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : JSON.parse(text) };
    },
    { m: method, p: apiPath, b: body },
  );
}

/**
 * A second page in an actor's browser context (its first page keeps broadcasting or watching),
 * its page errors counted with the actor's.
 */
export async function newPageFor(actor) {
  const page = await actor.context.newPage();
  page.on('pageerror', (error) => actor.errors.push(`pageerror (second page): ${error.message}`));
  return page;
}

/** The page's chat log. */
export function chatLog(page) {
  return page.getByRole('log', { name: 'Chat messages' });
}

/** The texts of the messages in the page's chat log now, oldest first. */
export function chatTexts(page) {
  return chatLog(page).locator('.chat-text').allTextContents();
}

/** Writes a message in the page's chat box, sends it with Enter and waits for it in the log. */
export async function sendChatMessage(page, text) {
  const input = page.getByRole('textbox', { name: 'Chat message' });
  await input.fill(text);
  await input.press('Enter');
  await chatLog(page).getByText(text, { exact: true }).waitFor();
}

/**
 * Opens the moderation menu ("More actions for NAME's message") of `authorName`'s newest message
 * in the page's chat; returns the menu.
 */
export async function openMessageMenu(page, authorName) {
  await chatLog(page).getByRole('button', { name: `More actions for ${authorName}'s message` }).last().click();
  const menu = page.getByRole('menu', { name: `Moderate ${authorName}'s message` });
  await menu.waitFor();
  return menu;
}

/**
 * Opens the menu ("More actions for NAME's message") of `authorName`'s newest message in the
 * page's chat, whoever the reader is: a moderator's "Moderate NAME's message" or anyone else's
 * "Actions for NAME's message" (only "Report message"); returns the menu.
 */
export async function openMessageActions(page, authorName) {
  await chatLog(page).getByRole('button', { name: `More actions for ${authorName}'s message` }).last().click();
  const escaped = authorName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const menu = page.getByRole('menu', { name: new RegExp(`^(Moderate|Actions for) ${escaped}'s message$`) });
  await menu.waitFor();
  return menu;
}

/**
 * The page lays out within its viewport's width: nothing scrolls sideways (phones, issue 16).
 * After a resize, charts follow on their resize observers: it waits up to 3 s for that.
 */
export async function expectNoHorizontalScroll(page, label) {
  await page
    .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 3000 })
    .catch(() => undefined);
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => {
    const describe = (e) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${[...e.classList].map((c) => `.${c}`).join('')}`;
    // The outermost elements that reach past the right edge, to say what to fix.
    const wide = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .filter((e) => !(e.parentElement?.getBoundingClientRect().right > window.innerWidth + 0.5))
      .slice(0, 5)
      .map((e) => `${describe(e)} (right edge ${Math.round(e.getBoundingClientRect().right)}px)`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide };
  });
  assert.ok(
    scrollWidth <= innerWidth,
    `${label}: the page is ${scrollWidth}px wide in a ${innerWidth}px viewport; too wide: ${wide.join(', ')}`,
  );
}

/**
 * Records the JSON control messages (`init`, `reset`, `status`, `viewers`, …) the page's relay
 * watch sockets (`/live/{id}/watch`) receive from now on: `{ streamId, message, at }[]`, in order.
 */
export function recordWatchControl(page) {
  const received = [];
  page.on('websocket', (socket) => {
    const match = /^\/live\/([^/]+)\/watch$/.exec(new URL(socket.url()).pathname);
    if (match === null) return;
    const streamId = decodeURIComponent(match[1]);
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      try {
        received.push({ streamId, message: JSON.parse(payload), at: Date.now() });
      } catch {
        received.push({ streamId, message: { type: 'unreadable', payload }, at: Date.now() });
      }
    });
  });
  return received;
}

/** Asks the API until `check(answer)` holds (e.g. a recording finished), at most MEDIA_TIMEOUT. */
export async function apiGetUntil(page, apiPath, check, what) {
  const started = Date.now();
  for (;;) {
    const answer = await apiGet(page, apiPath);
    if (check(answer)) return answer;
    if (Date.now() - started > MEDIA_TIMEOUT)
      assert.fail(`${what}: ${apiPath} still answers ${JSON.stringify(answer)} after ${MEDIA_TIMEOUT} ms`);
    await page.waitForTimeout(250);
  }
}

/** The owner ends the stream from the broadcaster page; returns the end summary. */
export async function endStream(page, { save }) {
  await page.getByRole('button', { name: 'End stream' }).click();
  const dialog = page.getByRole('dialog', { name: 'End your live stream?' });
  await dialog.waitFor();
  await dialog.getByRole('radio', { name: save ? 'Save it as a reel' : 'Discard it' }).check();
  await dialog.getByRole('button', { name: 'End stream' }).click();
  // The owner's own summary (not the "ended elsewhere" page).
  const summary = page.locator('.end-summary');
  await summary.getByRole('heading', { name: 'Stream ended' }).waitFor();
  const text = await summary.textContent();
  log(`end summary: ${text}`);
  if (save) assert.match(text, /saved as a reel|recording is processing/, text);
  else assert.match(text, /The recording was discarded\./, text);
  await assert.rejects(page.getByRole('button', { name: 'End stream' }).waitFor({ timeout: 500 }));
  return { text, summary };
}

/** Screens checked by expectAccessible, per browser (one browser per suite). */
const audited = new WeakMap();

/**
 * Runs axe-core on what the page shows now and fails on any violation of impact "serious" or
 * "critical", listing each rule with the elements it found. `screen` names the screen (and
 * viewport) in the message and in accessibilityAudits().
 */
export async function expectAccessible(page, screen) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      more: Math.max(0, v.nodes.length - 5),
    }));
  });
  const browser = page.context().browser();
  if (!audited.has(browser)) audited.set(browser, new Set());
  audited.get(browser).add(screen);
  const blocking = violations.filter((v) => BLOCKING_IMPACTS.has(v.impact));
  const describe = (list) =>
    list
      .map(
        (v) =>
          `  [${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes.map((n) => `    ${n.target}\n      ${n.summary?.replace(/\n/g, '\n      ')}`).join('\n') +
          (v.more > 0 ? `\n    … and ${v.more} more` : ''),
      )
      .join('\n');
  const minor = violations.filter((v) => !BLOCKING_IMPACTS.has(v.impact));
  if (minor.length > 0) log(`axe on ${screen} (not blocking):\n${describe(minor)}`);
  assert.equal(blocking.length, 0, `axe on ${screen}: serious or critical violations\n${describe(blocking)}`);
}

/** The screens expectAccessible checked in this browser (one suite's). */
export function accessibilityAudits(browser) {
  return [...(audited.get(browser) ?? [])];
}

/** Every screen in `expected` was audited in this suite's browser. */
export function assertAllAudited(browser, expected) {
  const done = new Set(accessibilityAudits(browser));
  const missing = expected.filter((screen) => !done.has(screen));
  assert.deepEqual(missing, [], `screens never checked with axe: ${missing.join(', ')}`);
}
