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
import path from 'node:path';
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
  goLive,
  screenshot,
  signUp,
} from '../lib/e2e.mjs';
import { REPO_ROOT } from '../lib/onairServer.mjs';

/** A 6 s VP8/Opus WebM recorded by record-fixtures.mjs, uploaded as a reel. */
const UPLOAD_FIXTURE = path.join(REPO_ROOT, 'tests/fixtures/media/vp8_opus_05mbps_6s.webm');

const suite = createSuite('live');
const { actors, step, newActor, checkActor } = suite;
const run = Date.now().toString(36).slice(-5);
const users = {
  creator: { handle: `cam_${run}`, displayName: 'Casey Creator' },
  follower: { handle: `fan_${run}`, displayName: 'Frankie Follower' },
  paidCreator: { handle: `pro_${run}`, displayName: 'Pat Premium' },
  buyer: { handle: `buy_${run}`, displayName: 'Bailey Buyer' },
  operator: { handle: `ops_${run}`, displayName: 'Olive Operator' },
};
const state = { streamId: null, paidStreamId: null, reelId: null };
/** Every screen this story visits; each is checked with axe on the way. */
const SCREENS = [
  'sign up',
  'profile (phone)',
  'notifications',
  'notification settings',
  'reels, empty (phone)',
  'creator form (desktop)',
  'reels with live now (phone)',
  'viewer (phone)',
  'broadcaster (desktop)',
  'viewer ended (phone)',
  'reel page (phone)',
  'paywall (phone)',
  'admin dashboard',
  'admin stream analytics',
];

describe('onair live streaming, end to end', { timeout: 240_000 }, () => {
  before(() => suite.start());
  after(() => suite.stop());

  step('the server serves the web client and its health check', async () => {
    const health = await fetch(`${suite.server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, 'ok');
    const spa = await fetch(`${suite.server.url}/live/some-id/broadcast`);
    assert.equal(spa.status, 200);
    assert.match(await spa.text(), /<div id="root">/);
  });

  step('creator (desktop) and follower (phone) sign up through the UI', async () => {
    const creator = await newActor('creator', DESKTOP);
    const follower = await newActor('follower', PHONE);
    await follower.page.goto('/signup');
    await expectAccessible(follower.page, 'sign up');
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
    await expectAccessible(page, 'profile (phone)');
  });

  step('notifications start empty, their settings load, and there are no reels yet', async () => {
    const { page } = actors.follower;
    await page.goto('/notifications');
    await page.getByText('No notifications yet.').waitFor();
    await expectAccessible(page, 'notifications');
    await page.goto('/settings/notifications');
    await page.getByRole('heading', { name: 'Notification settings' }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'no error on the settings screen');
    await expectAccessible(page, 'notification settings');
    await page.goto('/');
    await page.getByText('No reels yet.').waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'no error on the Reels screen');
    await expectAccessible(page, 'reels, empty (phone)');
  });

  step('the creator goes live from the Reels screen', async () => {
    state.streamId = await goLive(actors.creator.page, {
      title: 'Morning stretch',
      beforeGoLive: async (page) => {
        await expectAccessible(page, 'creator form (desktop)');
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, 'creator-form');
      },
    });
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
    await expectAccessible(page, 'reels with live now (phone)');
    await screenshot(page, 'reels'); // the Reels screen, with the stream under "Live now"
    await card.click();
    await page.waitForURL(`**/live/${state.streamId}`);
    await page.getByRole('heading', { name: 'Morning stretch' }).waitFor();
    await expectPlaying(page, 'follower');
    await page.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
    await expectAccessible(page, 'viewer (phone)');
    await screenshot(page, 'viewer-playing');
  });

  step("the creator's controls show 1 viewer", async () => {
    const { page } = actors.creator;
    await page.getByLabel('1 viewer', { exact: true }).waitFor({ timeout: MEDIA_TIMEOUT });
    await expectAccessible(page, 'broadcaster (desktop)');
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
    await expectAccessible(page, 'viewer ended (phone)');
    await screenshot(page, 'viewer-ended');
    // The recording may still be finalising ("recording") for a moment; it ends up "saved".
    const { stream } = await apiGetUntil(
      page,
      `/api/live-streams/${state.streamId}`,
      (answer) => answer.stream.recording !== 'recording',
      'the recording is finalised',
    );
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
    await expectAccessible(page, 'reel page (phone)');
  });

  step('a second creator starts a paid stream', async () => {
    const paidCreator = await newActor('paidCreator', DESKTOP);
    // The follower is done: check it, then close it to spare the CPU.
    await suite.retire('follower');
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
    await expectAccessible(page, 'paywall (phone)');
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
    suite.server.admin('grant', users.operator.handle); // operators are made beside the server, never by signing up
    await page.reload();
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Operators’ dashboard' }).waitFor();
    const streams = page.getByRole('region', { name: 'Streams' });
    await streams.getByRole('link', { name: 'Morning stretch' }).waitFor();
    await streams.getByRole('link', { name: 'Premium masterclass' }).waitFor();
    await expectAccessible(page, 'admin dashboard');
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
    await expectAccessible(page, 'admin stream analytics');
    await screenshot(page, 'admin-analytics');
    // Other users are told the page is for operators only.
    await actors.buyer.page.goto('/admin');
    await actors.buyer.page.getByText('Only operators can see this page.').waitFor();
  });

  step('no page errors, no request loops, /ws (re)connects only with backoff; every screen audited', async () => {
    for (const name of Object.keys(actors)) checkActor(name);
    assert.equal(suite.server.exitStatus(), null, 'the server is still running');
    assertAllAudited(suite.browser, SCREENS);
  });
});
