// End-to-end, the experience around the live loop (issue 15): the real onair server binary and
// web client (web/dist) in headless Debian Chromium with a fake camera, on a phone (390×844,
// touch) and a desktop (1280×800). Run with the other suite by `node --test tests/browser/e2e/`
// (see tests/browser/README.md).
//
// The story: a creator goes live from a phone. A visitor without an account opens the shared
// link on a phone, watches with read-only chat, signs up from "Sign up to chat", lands back on the
// stream, chats, and follows the creator from it. A second visitor on a desktop sees the chat
// beside the video, signs in and watches. The server freezes for a few seconds: the creator and
// the viewers are told, and all recovers. The creator turns the camera off and on. The stream
// ends; its analytics page has the numbers and a chart. A follower waits on the home page: the
// creator's next (paid) live appears there and leaves again without a reload. A buyer buys it;
// it is saved as a reel the buyer watches without paying again, while the follower meets the
// paywall. The follower opens the notification and the bell count drops. Every screen is
// checked with axe; phone and desktop screenshots go to docs/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  DESKTOP,
  MEDIA_TIMEOUT,
  PHONE,
  apiGet,
  apiGetUntil,
  assertAllAudited,
  createSuite,
  endStream,
  expectAccessible,
  expectPlaying,
  expectReelPlaying,
  fillSignUp,
  goLive,
  screenshot,
  signUp,
} from '../lib/e2e.mjs';

const suite = createSuite('experience');
const { actors, step, newActor, checkActor } = suite;
const run = Date.now().toString(36).slice(-5);
const users = {
  creator: { handle: `host_${run}`, displayName: 'Robin Host' },
  viewer: { handle: `vera_${run}`, displayName: 'Vera Visitor' },
  fan: { handle: `dana_${run}`, displayName: 'Dana Desk' },
  buyer: { handle: `bo_${run}`, displayName: 'Bo Buyer' },
};
const PUBLIC_TITLE = 'Sunset rooftop session';
const PAID_TITLE = 'Masterclass: night shots';
const PRICE = 10;
const state = { streamId: null, paidStreamId: null, reelId: null, buyerBalance: null };
/** Every screen this story visits; each is checked with axe on the way. */
const SCREENS = [
  'home, signed in (phone)',
  'creator form (phone)',
  'broadcaster (phone)',
  'visitor (phone)',
  'sign up (phone)',
  'viewer (phone)',
  'profile (phone)',
  'visitor (desktop)',
  'log in (desktop)',
  'viewer (desktop)',
  'health warning (phone)',
  'camera paused (phone)',
  'viewer ended (phone)',
  'creator analytics (phone)',
  'profile (desktop)',
  'home with live now (desktop)',
  'home with live now (phone)',
  'paywall (phone)',
  'reel page (phone)',
  'reel paywall (desktop)',
  'notifications (desktop)',
  'notification settings (desktop)',
];

/** Where an element is on the screen now; fails when it is not rendered. */
async function box(locator, what) {
  const found = await locator.boundingBox();
  assert.ok(found !== null, `${what} is not on the screen`);
  return found;
}

/** `inner` lies within `outer` (1 px of rounding allowed). */
function assertWithin(inner, outer, what) {
  const ok =
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1;
  assert.ok(ok, `${what}: ${JSON.stringify(inner)} is not within ${JSON.stringify(outer)}`);
}

/** The whole element is in the viewport, without scrolling. */
async function assertInViewport(page, locator, what) {
  const { width, height } = page.viewportSize();
  assertWithin(await box(locator, what), { x: 0, y: 0, width, height }, `${what} (in the ${width}×${height} viewport)`);
}

/** What is drawn at the element's centre is the element (or inside it): nothing covers it. */
async function assertOnTop(locator, what) {
  const onTop = await locator.evaluate((element) => {
    const { x, y, width, height } = element.getBoundingClientRect();
    const hit = document.elementFromPoint(x + width / 2, y + height / 2);
    return hit !== null && (element === hit || element.contains(hit));
  });
  assert.ok(onTop, `${what} is covered by something else`);
}

/**
 * A phone's live screen: the video (or preview) fills the screen below the app bar, and each of
 * `overlays` (name → locator) lies over it, in view, with nothing covering it.
 */
async function assertFullScreenVideo(page, video, overlays, who) {
  const viewport = page.viewportSize();
  const appBar = await box(page.locator('.navbar'), 'the app bar');
  const picture = await box(video, `${who}: the video`);
  assert.ok(
    Math.abs(picture.x) <= 1 &&
      Math.abs(picture.width - viewport.width) <= 1 &&
      picture.y <= appBar.y + appBar.height + 1 &&
      picture.y + picture.height >= viewport.height - 1,
    `${who}: the video should fill the ${viewport.width}×${viewport.height} screen below the app bar ` +
      `(${JSON.stringify(appBar)}), it is ${JSON.stringify(picture)}`,
  );
  const screenBox = { x: 0, y: 0, width: viewport.width, height: viewport.height };
  for (const [what, locator] of Object.entries(overlays)) {
    const found = await box(locator, `${who}: ${what}`);
    assertWithin(found, picture, `${who}: ${what} over the video`);
    assertWithin(found, screenBox, `${who}: ${what} in view`);
    await assertOnTop(locator, `${who}: ${what}`);
  }
}

/**
 * The phone viewer: the video fills the screen; title, creator, LIVE badge, viewer count, chat
 * and the player's sound, volume and full-screen controls lie over it.
 */
async function assertPhoneViewerLayout(page, who, { signedIn }) {
  const stage = page.locator('.stage');
  await assertFullScreenVideo(
    page,
    page.locator('video.live-video'),
    {
      'the title': page.getByRole('heading', { level: 1 }),
      'the creator': page.locator('.creator-line').getByRole('link').first(),
      [signedIn ? 'Follow' : 'Sign in to follow']: page
        .locator('.creator-line')
        .getByRole(signedIn ? 'button' : 'link', { name: signedIn ? /^(Follow|Unfollow)$/ : 'Sign in to follow' }),
      'the LIVE badge': page.getByRole('status').filter({ hasText: /^Live$/ }),
      'the viewer count': stage.locator('.overlay [aria-label$="viewer"], .overlay [aria-label$="viewers"]'),
      'the chat': page.getByRole('region', { name: 'Live chat' }),
      [signedIn ? 'the chat box' : 'Sign up to chat']: signedIn
        ? page.getByRole('textbox', { name: 'Chat message' })
        : page.getByRole('link', { name: 'Sign up to chat' }),
      'the sound button': stage.getByRole('button', { name: /^(Tap to unmute|Unmute|Mute)$/ }),
      'the volume': stage.getByRole('slider', { name: 'Volume' }),
      'the full-screen button': stage.getByRole('button', { name: 'Full screen' }),
      ...(signedIn ? { 'the reactions': page.getByRole('button', { name: 'React with heart' }) } : {}),
    },
    who,
  );
}

/** On a desktop the chat sits beside the video (to its right, at the same height). */
async function assertChatBesideVideo(page, who) {
  const video = await box(page.locator('video.live-video'), `${who}: the video`);
  const chat = await box(page.getByRole('region', { name: 'Live chat' }), `${who}: the chat`);
  assert.ok(chat.x >= video.x + video.width - 1, `${who}: the chat ${JSON.stringify(chat)} is not beside the video ${JSON.stringify(video)}`);
  assert.ok(chat.y < video.y + video.height && video.y < chat.y + chat.height, `${who}: the chat and the video do not share a height`);
}

/**
 * A button named for its action ("Camera off" while the camera is on) says its state by its name;
 * if it also has aria-pressed, that must agree with the real state.
 */
async function assertToggle(button, { on, what }) {
  const pressed = await button.getAttribute('aria-pressed');
  if (pressed !== null) assert.equal(pressed, String(on), `${what}: aria-pressed is ${pressed} but it is ${on ? 'on' : 'off'}`);
}

/** The API's view of a stream (works for visitors too: public streams). */
async function streamOf(page, id) {
  return (await apiGet(page, `/api/live-streams/${id}`)).stream;
}

describe('onair around the live loop: visitors, health, lists, insights, phones', { timeout: 240_000 }, () => {
  before(() => suite.start());
  after(async () => {
    suite.server?.resume(); // never leave it frozen, whatever failed
    await suite.stop();
  });

  step('the creator goes live from a phone: Go live stays in view, the preview fills the screen', async () => {
    const { page } = await newActor('creator', PHONE);
    await signUp(page, users.creator);
    await page.getByText('No live streams right now.').waitFor();
    await expectAccessible(page, 'home, signed in (phone)');
    state.streamId = await goLive(page, {
      title: PUBLIC_TITLE,
      beforeGoLive: async () => {
        await page.evaluate(() => window.scrollTo(0, 0));
        await assertInViewport(page, page.getByRole('button', { name: 'Go live', exact: true }), 'Go live');
        await expectAccessible(page, 'creator form (phone)');
        await screenshot(page, 'creator-form-phone');
      },
    });
    await assertFullScreenVideo(
      page,
      page.locator('video[aria-label="Your camera"]'),
      {
        'the title': page.getByRole('heading', { name: PUBLIC_TITLE, level: 1 }),
        'the connection status': page.getByRole('status', { name: 'Connection: Live' }),
        'the viewer count': page.getByLabel('0 viewers', { exact: true }),
        Mute: page.getByRole('button', { name: 'Mute', exact: true }),
        'Camera off': page.getByRole('button', { name: 'Camera off', exact: true }),
        'End stream': page.getByRole('button', { name: 'End stream' }),
        'the chat box': page.getByRole('textbox', { name: 'Chat message' }),
      },
      'creator',
    );
    await expectAccessible(page, 'broadcaster (phone)');
    await screenshot(page, 'broadcaster-phone');
  });

  step('a visitor opens the shared link on a phone: it plays, they count, chat is read-only', async () => {
    const { page } = await newActor('visitor', PHONE);
    await page.goto(`/live/${state.streamId}`);
    await page.getByRole('heading', { name: PUBLIC_TITLE }).waitFor();
    await page.getByRole('link', { name: users.creator.displayName }).waitFor();
    await page.getByRole('link', { name: 'Sign in to follow' }).waitFor();
    await expectPlaying(page, 'visitor');
    await page.getByLabel('1 viewer', { exact: true }).waitFor();
    await actors.creator.page.getByLabel('1 viewer', { exact: true }).waitFor({ timeout: MEDIA_TIMEOUT });
    assert.equal((await streamOf(page, state.streamId)).viewerCount, 1);
    // Reading, not writing: no composer, no reactions, an invitation instead.
    await page.getByRole('log', { name: 'Chat messages' }).waitFor({ state: 'attached' });
    await page.getByText('No messages yet. Say hello!').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Chat message' }).count(), 0, 'no chat box for a visitor');
    assert.equal(await page.getByRole('group', { name: 'Reactions' }).count(), 0, 'no reactions for a visitor');
    const invite = page.getByRole('link', { name: 'Sign up to chat' });
    assert.equal(await invite.getAttribute('href'), `/signup?next=${encodeURIComponent(`/live/${state.streamId}`)}`);
    await assertPhoneViewerLayout(page, 'visitor', { signedIn: false });
    await expectAccessible(page, 'visitor (phone)');
    await screenshot(page, 'visitor-phone');
  });

  step('the visitor signs up from "Sign up to chat", is back on the stream, and chats', async () => {
    const { page } = actors.visitor;
    await page.getByRole('link', { name: 'Sign up to chat' }).click();
    await page.waitForURL((url) => url.pathname === '/signup');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await expectAccessible(page, 'sign up (phone)');
    await fillSignUp(page, users.viewer);
    // Back where they were: the stream, now signed in.
    await page.waitForURL((url) => url.pathname === `/live/${state.streamId}`);
    await page.getByRole('link', { name: `@${users.viewer.handle}` }).waitFor();
    await expectPlaying(page, 'viewer after signing up');
    const input = page.getByRole('textbox', { name: 'Chat message' });
    await input.fill('Hi from the rooftop next door!');
    await input.press('Enter');
    await page.getByRole('log', { name: 'Chat messages' }).getByText('Hi from the rooftop next door!').waitFor();
    await actors.creator.page
      .getByRole('log', { name: 'Chat messages' })
      .getByText('Hi from the rooftop next door!')
      .waitFor();
    await page.getByRole('group', { name: 'Reactions' }).waitFor();
    await actors.creator.page.getByLabel('1 viewer', { exact: true }).waitFor({ timeout: MEDIA_TIMEOUT });
    await assertPhoneViewerLayout(page, 'viewer', { signedIn: true });
    await expectAccessible(page, 'viewer (phone)');
    await screenshot(page, 'viewer-phone');
  });

  step('the viewer follows the creator from the stream; the profile says "1 follower"', async () => {
    const { page } = actors.visitor;
    const header = page.locator('.viewer-header');
    await header.getByRole('button', { name: 'Follow', exact: true }).click();
    await header.getByRole('button', { name: 'Unfollow' }).waitFor();
    await header.getByRole('link', { name: users.creator.displayName }).click();
    await page.waitForURL(`**/u/${users.creator.handle}`);
    await page.getByRole('heading', { name: users.creator.displayName }).waitFor();
    await page.getByText('1 follower · 0 following', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Unfollow' }).waitFor();
    await page.getByRole('region', { name: 'Live now' }).getByRole('heading', { name: PUBLIC_TITLE }).waitFor();
    await expectAccessible(page, 'profile (phone)');
    await screenshot(page, 'profile-phone');
    await page.goBack();
    await page.waitForURL(`**/live/${state.streamId}`);
    await expectPlaying(page, 'viewer back on the stream');
  });

  step('a desktop visitor sees the chat beside the video, signs in from the stream and watches', async () => {
    const { page } = await newActor('fan', DESKTOP);
    await page.goto(`/live/${state.streamId}`);
    await page.getByRole('heading', { name: PUBLIC_TITLE }).waitFor();
    await expectPlaying(page, 'desktop visitor');
    await page.getByRole('log', { name: 'Chat messages' }).getByText('Hi from the rooftop next door!').waitFor();
    await page.getByRole('link', { name: 'Sign up to chat' }).waitFor();
    await assertChatBesideVideo(page, 'desktop visitor');
    await expectAccessible(page, 'visitor (desktop)');
    await screenshot(page, 'visitor-desktop');
    // "Sign in to follow" → log in → create an account, keeping the way back.
    await page.getByRole('link', { name: 'Sign in to follow' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await expectAccessible(page, 'log in (desktop)');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL((url) => url.pathname === '/signup');
    await fillSignUp(page, users.fan);
    await page.waitForURL((url) => url.pathname === `/live/${state.streamId}`);
    await page.getByRole('link', { name: `@${users.fan.handle}` }).waitFor();
    await expectPlaying(page, 'desktop viewer');
    await page.getByRole('textbox', { name: 'Chat message' }).waitFor();
    await assertChatBesideVideo(page, 'desktop viewer');
    await page.getByLabel('2 viewers', { exact: true }).waitFor({ timeout: MEDIA_TIMEOUT });
    await expectAccessible(page, 'viewer (desktop)');
    await screenshot(page, 'viewer-desktop');
  });

  step('the server freezes: the creator is warned within ~3 s, viewers see it is unstable; all recovers', async () => {
    const creator = actors.creator.page;
    const viewer = actors.visitor.page;
    const server = suite.server;
    // Whichever the creator's page notices first; never "Live" while nothing reaches viewers.
    const warnings = /^(Viewers can't see you: the server is not answering|Viewers can't see you: reconnecting…|Your connection is struggling)$/;
    const warning = creator.locator('.stage .health-banner').filter({ hasText: warnings });
    const unstable = viewer.locator('.stage').getByText("The creator's connection is unstable");
    let warnedAfter = null;
    server.pause();
    const frozenAt = Date.now();
    try {
      await Promise.all([
        warning.waitFor({ timeout: 5000 }).then(() => {
          warnedAfter = Date.now() - frozenAt;
        }),
        unstable.waitFor({ timeout: 6000 }),
      ]);
      const status = await creator.locator('.control-status').getByRole('status').getAttribute('aria-label');
      assert.match(status, new RegExp(`^Connection: ${warnings.source.slice(1)}`), 'not "Live" while frozen');
      assert.equal(await viewer.getByRole('status').filter({ hasText: /^Live$/ }).count(), 0, 'the viewer is not told "Live"');
      await expectAccessible(creator, 'health warning (phone)');
      await screenshot(creator, 'health-banner');
      await screenshot(viewer, 'viewer-unstable');
    } finally {
      server.resume();
    }
    assert.ok(warnedAfter <= 4000, `the creator was warned ${warnedAfter} ms after the freeze`);
    await creator.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: MEDIA_TIMEOUT });
    await expectPlaying(viewer, 'viewer after the freeze');
    await unstable.waitFor({ state: 'detached' });
    await warning.waitFor({ state: 'detached' });
    await viewer.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
  });

  step('camera off: the viewer sees "Camera paused" with the avatar, then the video again', async () => {
    const creator = actors.creator.page;
    const viewer = actors.visitor.page;
    const cameraTrackEnabled = () =>
      creator.evaluate(() =>
        document.querySelector('video[aria-label="Your camera"]').srcObject.getVideoTracks().map((t) => t.enabled),
      );
    const off = creator.getByRole('button', { name: 'Camera off', exact: true });
    await assertToggle(off, { on: true, what: 'camera' });
    await off.click();
    const on = creator.getByRole('button', { name: 'Camera on', exact: true });
    await on.waitFor();
    await assertToggle(on, { on: false, what: 'camera' });
    assert.deepEqual(await cameraTrackEnabled(), [false]);
    await creator.locator('.stage').getByRole('status').filter({ hasText: 'Camera paused' }).waitFor();

    const paused = viewer.locator('.stage').getByRole('status').filter({ hasText: 'Camera paused' });
    await paused.waitFor();
    await paused.getByRole('img', { name: users.creator.displayName }).waitFor();
    // The placeholder covers the video: no black box.
    const video = await box(viewer.locator('video.live-video'), 'the video');
    const cover = await box(paused, 'the camera-paused placeholder');
    assertWithin(video, cover, 'the video under the placeholder');
    assert.equal((await streamOf(viewer, state.streamId)).cameraOn, false);
    await expectAccessible(viewer, 'camera paused (phone)');
    await screenshot(viewer, 'camera-paused');

    await on.click();
    await off.waitFor();
    await assertToggle(off, { on: true, what: 'camera' });
    assert.deepEqual(await cameraTrackEnabled(), [true]);
    await paused.waitFor({ state: 'detached' });
    await expectPlaying(viewer, 'viewer with the camera back');
    assert.equal((await streamOf(viewer, state.streamId)).cameraOn, true);
  });

  step('the stream ends; the end summary leads to its analytics: numbers and a chart', async () => {
    const { page } = actors.creator;
    const { summary } = await endStream(page, { save: false });
    const viewer = actors.visitor.page;
    await viewer.getByRole('heading', { name: 'This live stream has ended' }).waitFor({ timeout: MEDIA_TIMEOUT });
    await expectAccessible(viewer, 'viewer ended (phone)');
    await summary.getByRole('link', { name: 'See the full analytics' }).click();
    await page.waitForURL(`**/live/${state.streamId}/analytics`);
    await page.getByRole('heading', { name: PUBLIC_TITLE, level: 1 }).waitFor();
    const insights = await apiGet(page, `/api/live-streams/${state.streamId}/analytics`);
    // Four viewers: each visitor, and each again once signed up (an account is another viewer).
    assert.equal(insights.uniqueViewers, 4, JSON.stringify(insights));
    assert.equal(insights.chatMessages, 1);
    assert.equal(insights.peakViewers, 2);
    const totals = page.getByRole('region', { name: 'Totals' });
    const stat = (label) => totals.locator('.stat', { has: page.getByText(label, { exact: true }) }).locator('dd');
    assert.equal(await stat('Unique viewers').textContent(), '4');
    assert.equal(await stat('Chat messages').textContent(), '1');
    assert.equal(await stat('Peak viewers').textContent(), '2');
    // uPlot drew the viewers chart on a canvas of real size.
    const viewersChart = page.getByRole('region', { name: 'Viewers over time' });
    await viewersChart.locator('canvas').first().waitFor();
    const canvas = await viewersChart.locator('canvas').first().evaluate((c) => ({ width: c.width, height: c.height }));
    assert.ok(canvas.width > 100 && canvas.height > 100, `the chart's canvas is ${JSON.stringify(canvas)}`);
    await page.getByRole('region', { name: 'Chat and reactions over time' }).locator('canvas').first().waitFor();
    await expectAccessible(page, 'creator analytics (phone)');
    await screenshot(page, 'creator-analytics');
  });

  step('the follower\'s profile count: "2 followers" once a second viewer follows', async () => {
    const { page } = actors.fan;
    await page.goto(`/u/${users.creator.handle}`);
    await page.getByText('1 follower · 0 following', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByText('2 followers · 0 following', { exact: true }).waitFor();
    await page.reload();
    await page.getByText('2 followers · 0 following', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Unfollow' }).waitFor();
    await expectAccessible(page, 'profile (desktop)');
    await screenshot(page, 'profile-desktop');
  });

  step('a follower waits on the home page: the next live appears under "Live now" without a reload', async () => {
    const fan = actors.fan;
    const { page } = fan;
    await page.goto('/');
    const following = page.getByRole('region', { name: 'Live now from people you follow' });
    await following.getByText('No one you follow is live right now.').waitFor();
    await page.evaluate(() => {
      window.e2eMarker = 'same document';
    });
    const documents = fan.doc;
    const pushes = fan.pushes.length;
    state.paidStreamId = await goLive(actors.creator.page, { title: PAID_TITLE, paidPrice: PRICE });
    const liveAt = Date.now();
    const card = following.getByRole('article', { name: PAID_TITLE });
    await card.waitFor({ timeout: 10_000 });
    const shownAfter = Date.now() - liveAt;
    assert.ok(shownAfter < 8000, `the card came ${shownAfter} ms after the stream went live`);
    await page.getByRole('region', { name: 'All live streams' }).getByRole('article', { name: PAID_TITLE }).waitFor();
    assert.equal(await page.evaluate(() => window.e2eMarker), 'same document', 'the page was not reloaded');
    assert.equal(fan.doc, documents, 'no navigation');
    assert.ok(
      fan.pushes.slice(pushes).some((p) => p.type === 'stream' && p.id === state.paidStreamId && p.status === 'live'),
      'the stream came over /ws',
    );
    await card.getByText(`${PRICE} credits`).waitFor();
    await expectAccessible(page, 'home with live now (desktop)');
    await screenshot(page, 'live-list');
  });

  step('a buyer on a phone finds it, meets the paywall, buys and watches', async () => {
    const { page } = await newActor('buyer', PHONE);
    await signUp(page, users.buyer);
    const card = page.getByRole('region', { name: 'All live streams' }).getByRole('article', { name: PAID_TITLE });
    await card.waitFor();
    await expectAccessible(page, 'home with live now (phone)');
    await screenshot(page, 'home-phone');
    await card.getByRole('link', { name: new RegExp(PAID_TITLE) }).click();
    await page.waitForURL(`**/live/${state.paidStreamId}`);
    await page.getByRole('heading', { name: 'Paid live stream' }).waitFor();
    await expectAccessible(page, 'paywall (phone)');
    await page.getByLabel('Credits to add').fill(String(PRICE + 5));
    await page.getByRole('button', { name: 'Add credits' }).click();
    await page.getByText(`Your balance: ${PRICE + 5} credits`).waitFor();
    await page.getByRole('button', { name: `Buy for ${PRICE} credits` }).click();
    await expectPlaying(page, 'buyer');
    state.buyerBalance = (await apiGet(page, '/api/me/wallet')).balanceCredits;
    assert.equal(state.buyerBalance, 5);
  });

  step('the creator ends it saving a reel; the card leaves the follower\'s home without a reload', async () => {
    const fan = actors.fan;
    const documents = fan.doc;
    const { summary } = await endStream(actors.creator.page, { save: true });
    const following = fan.page.getByRole('region', { name: 'Live now from people you follow' });
    await following.getByText('No one you follow is live right now.').waitFor({ timeout: 8000 });
    await fan.page
      .getByRole('region', { name: 'All live streams' })
      .getByText('No live streams right now.')
      .waitFor({ timeout: 8000 });
    assert.equal(await fan.page.evaluate(() => window.e2eMarker), 'same document', 'the page was not reloaded');
    assert.equal(fan.doc, documents, 'no navigation');
    await actors.buyer.page.getByRole('heading', { name: 'This live stream has ended' }).waitFor({ timeout: MEDIA_TIMEOUT });
    await summary.getByRole('link', { name: 'Watch your reel' }).waitFor({ timeout: MEDIA_TIMEOUT });
    const { stream } = await apiGetUntil(
      actors.creator.page,
      `/api/live-streams/${state.paidStreamId}`,
      (answer) => answer.stream.recording !== 'recording' && answer.stream.reelId !== null,
      'the paid stream became a reel',
    );
    assert.equal(stream.recording, 'saved');
    state.reelId = stream.reelId;
  });

  step('the buyer watches the reel without paying again; the follower who did not buy meets its paywall', async () => {
    const buyer = actors.buyer.page;
    await buyer.goto(`/reels/${state.reelId}`);
    await buyer.getByRole('heading', { name: PAID_TITLE, level: 1 }).waitFor();
    await expectReelPlaying(buyer, '.reel-screen video.reel-video', 'buyer on the reel page');
    assert.equal(await buyer.getByRole('heading', { name: 'Paid reel' }).count(), 0, 'no paywall for the buyer');
    assert.equal((await apiGet(buyer, '/api/me/wallet')).balanceCredits, state.buyerBalance, 'paid once');
    await expectAccessible(buyer, 'reel page (phone)');
    await screenshot(buyer, 'reel-bought-phone');

    const { page } = actors.fan;
    await page.goto(`/reels/${state.reelId}`);
    await page.getByRole('heading', { name: 'Paid reel' }).waitFor();
    await page.getByRole('button', { name: `Buy for ${PRICE} credits` }).waitFor();
    assert.equal(await page.locator('video.reel-video').count(), 0, 'no video behind the paywall');
    await expectAccessible(page, 'reel paywall (desktop)');
    await screenshot(page, 'reel-paywall');
  });

  step('opening the notification marks it read: the bell count drops', async () => {
    const { page } = actors.fan;
    const bell = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Notifications/ });
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();
    await bell.click();
    await page.waitForURL('**/notifications');
    // "Robin Host is live", about the paid stream, unread.
    const unread = page.locator('.notification-list li.unread', { hasText: PAID_TITLE });
    const link = unread.getByRole('link', { name: `${users.creator.displayName} is live` });
    await link.waitFor();
    await expectAccessible(page, 'notifications (desktop)');
    await link.click();
    await page.waitForURL(`**/live/${state.paidStreamId}`);
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    const { unreadCount } = await apiGet(page, '/api/notifications');
    assert.equal(unreadCount, 0);
    const insights = await apiGet(actors.creator.page, `/api/live-streams/${state.paidStreamId}/analytics`);
    assert.equal(insights.notifications.opened, 1, JSON.stringify(insights.notifications));
    await page.goto('/settings/notifications');
    await page.getByRole('heading', { name: 'Notification settings' }).waitFor();
    await expectAccessible(page, 'notification settings (desktop)');
  });

  step('no page errors, no request loops, /ws (re)connects only with backoff; every screen audited', async () => {
    for (const name of Object.keys(actors)) checkActor(name);
    assert.equal(suite.server.exitStatus(), null, 'the server is still running');
    assertAllAudited(suite.browser, SCREENS);
  });
});
