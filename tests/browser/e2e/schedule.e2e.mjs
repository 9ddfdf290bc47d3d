// End-to-end, scheduled lives (issue 18): the real onair server binary and web client in headless
// Debian Chromium with a fake camera, on a phone (390×844, touch) and a desktop (1280×800). Run
// with the other suites by `node --test tests/browser/e2e/` (see tests/browser/README.md).
//
// The story: a creator schedules a live about 20 minutes ahead through the Schedule form. A
// follower is told (LIVE_STREAM_SCHEDULED), finds it on their home screen, opens the entry from the
// notification and asks to be reminded; the creator's calendar feed has it. A visitor sees the
// entry with a countdown and a sign-in link instead of Remind me. The creator edits the live, and
// cancels a second one while the visitor watches its page change in place. Then the creator
// presses Go live now on the entry: the follower's open entry page becomes the live page without
// a reload and plays. Every new screen is checked with axe on a phone and a desktop.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  DESKTOP,
  MEDIA_TIMEOUT,
  PHONE,
  UI_TIMEOUT,
  apiGet,
  apiPost,
  assertAllAudited,
  createSuite,
  endStream,
  expectAccessible,
  expectNoHorizontalScroll,
  expectPlaying,
  newPageFor,
  screenshot,
  signUp,
} from '../lib/e2e.mjs';

const suite = createSuite('schedule');
const { actors, step, newActor, checkActor } = suite;
const run = Date.now().toString(36).slice(-5);
const users = {
  creator: { handle: `sky_${run}`, displayName: 'Sky Planner' },
  follower: { handle: `fern_${run}`, displayName: 'Fern Follower' },
};
const TITLE = 'Sunday studio Q&A';
const SPARE_TITLE = 'Spare session';
/** The fan-out of "scheduled a live" is a durable job the notification worker runs. */
const NOTIFY_TIMEOUT = 30_000;
const state = { id: null, spareId: null, streamId: null };
/** Every screen this story visits; each is checked with axe on the way. */
const SCREENS = [
  'schedule form (desktop)',
  'schedule form (phone)',
  'scheduled live, creator (desktop)',
  'scheduled live, creator (phone)',
  'home with upcoming lives (phone)',
  'scheduled live, follower (phone)',
  'profile with upcoming lives (phone)',
  'notification settings (phone)',
  'scheduled live, visitor (phone)',
  'scheduled live, visitor (desktop)',
  'profile with upcoming lives (desktop)',
  'edit scheduled live (desktop)',
  'edit scheduled live (phone)',
  'cancel scheduled live (phone)',
  'cancelled live, visitor (phone)',
  'notification settings (desktop)',
];

/** A moment `minutes` from now as the page's datetime-local input takes it (its time zone). */
function localInputIn(page, minutes) {
  return page.evaluate((m) => {
    const at = new Date(Date.now() + m * 60_000);
    const two = (n) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
  }, minutes);
}

/** The visible countdown ticks: its text changes within 3 s. */
async function expectTicking(page, who) {
  const timer = page.getByRole('timer').first();
  const first = await timer.textContent();
  assert.match(first, /^Starts in /, `${who}: the countdown says ${first}`);
  await page.waitForFunction(
    (before) => document.querySelector('[role="timer"]')?.textContent !== before,
    first,
    { timeout: 3000 },
  );
}

/** The entry as the API gives it to this page's session. */
async function entryOf(page, id) {
  return (await apiGet(page, `/api/scheduled-lives/${id}`)).scheduled;
}

/** The two notification types are listed with readable names. */
async function expectScheduleTypesListed(page) {
  await page.getByRole('heading', { name: 'Notification settings' }).waitFor();
  const rows = await page.getByRole('rowheader').allTextContents();
  for (const name of ['A creator schedules a live', 'A live I asked to be reminded of is about to start'])
    assert.ok(rows.includes(name), `notification settings list ${JSON.stringify(rows)}, not "${name}"`);
}

describe('onair scheduled lives: schedule, remind, calendar, go live from the entry', { timeout: 300_000 }, () => {
  before(() => suite.start());
  after(() => suite.stop());

  step(
    'the creator and a follower sign up; the follower follows the creator',
    async () => {
      const { page: creator } = await newActor('creator', DESKTOP);
      await signUp(creator, users.creator);
      const { page } = await newActor('follower', PHONE);
      await signUp(page, users.follower);
      await page.goto(`/u/${users.creator.handle}`);
      await page.getByRole('button', { name: 'Follow', exact: true }).click();
      await page.getByRole('button', { name: 'Unfollow' }).waitFor();
    },
    { timeout: 60_000 },
  );

  step(
    'the creator schedules a live about 20 minutes ahead through the Schedule form',
    async () => {
      const { page } = actors.creator;
      await page.goto('/');
      await page.getByRole('heading', { name: 'Reels', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Schedule', exact: true }).click();
      await page.waitForURL('**/scheduled/new');
      await page.getByRole('heading', { name: 'Schedule a live' }).waitFor();
      await page.getByLabel('Title', { exact: true }).fill(TITLE);
      await page.getByLabel('Description (optional)').fill('Ask me anything about the new album.');
      // Too soon first: the form says so and sends nothing.
      await page.getByLabel('Date and time').fill(await localInputIn(page, 2));
      await page.getByRole('button', { name: 'Schedule', exact: true }).click();
      await page.getByText('Choose a time at least 5 minutes from now.').waitFor();
      await page.getByLabel('Date and time').fill(await localInputIn(page, 20));
      await expectAccessible(page, 'schedule form (desktop)');
      await screenshot(page, 'schedule-form-desktop');
      const wanted = Date.now() + 20 * 60_000;
      await page.getByRole('button', { name: 'Schedule', exact: true }).click();

      await page.waitForURL(/\/scheduled\/(?!new)[^/]+$/);
      state.id = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await page.getByText('Scheduled. Your followers are told.').waitFor();
      await page.getByText('Upcoming', { exact: true }).waitFor();
      await expectTicking(page, 'creator');
      await page.getByRole('button', { name: /Go live now/ }).waitFor();
      const entry = await entryOf(page, state.id);
      assert.equal(entry.status, 'upcoming');
      assert.equal(entry.title, TITLE);
      // The form's minutes in local time became this UTC instant (within the minute it rounds).
      assert.ok(Math.abs(Date.parse(entry.startsAt) - wanted) < 90_000, `startsAt ${entry.startsAt}`);
      await expectAccessible(page, 'scheduled live, creator (desktop)');
      await screenshot(page, 'scheduled-live-creator-desktop');

      // The same screens on a phone's width.
      await page.setViewportSize(PHONE);
      await expectNoHorizontalScroll(page, 'the creator\'s entry (phone)');
      await expectAccessible(page, 'scheduled live, creator (phone)');
      await page.goto('/scheduled/new');
      await page.getByRole('heading', { name: 'Schedule a live' }).waitFor();
      await page.getByRole('checkbox', { name: 'Repeat weekly' }).check();
      await page.getByLabel('More weeks').waitFor();
      await expectNoHorizontalScroll(page, 'the Schedule form (phone)');
      await expectAccessible(page, 'schedule form (phone)');
      await screenshot(page, 'schedule-form-phone');
      await page.setViewportSize(DESKTOP);
      await page.goto(`/scheduled/${state.id}`);
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    },
    { timeout: 60_000 },
  );

  step(
    'the follower is told, sees it at home, opens it from the notification and asks to be reminded',
    async () => {
      const { page } = actors.follower;
      await page.goto('/');
      await page.getByRole('heading', { name: 'Reels', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor({ timeout: NOTIFY_TIMEOUT });
      // The home screen learns of the creator from the notification and shows their live.
      const upcoming = page.getByRole('region', { name: 'Upcoming lives' });
      await upcoming.getByRole('article', { name: TITLE }).waitFor();
      await upcoming.getByRole('button', { name: 'Remind me', pressed: false }).waitFor();
      await expectNoHorizontalScroll(page, 'home with upcoming lives (phone)');
      // Upload Video, Schedule and Go Live share one line inside the page's margins.
      const actions = page.locator('.reels-actions .row');
      const [upload, schedule, goLive] = await Promise.all(
        ['Upload Video', 'Schedule', 'Go Live'].map((name) =>
          actions.getByRole(name === 'Upload Video' ? 'button' : 'link', { name, exact: true }).boundingBox(),
        ),
      );
      assert.ok(upload && schedule && goLive, 'the three actions are on the screen');
      assert.ok(Math.abs(upload.y - goLive.y) < 2 && Math.abs(schedule.y - goLive.y) < 2, 'on one line');
      assert.ok(goLive.x + goLive.width <= PHONE.width - 8, `Go Live ends at ${goLive.x + goLive.width}px`);
      await expectAccessible(page, 'home with upcoming lives (phone)');
      await screenshot(page, 'home-upcoming-phone');

      await page.getByRole('link', { name: 'Notifications, 1 unread' }).click();
      await page.waitForURL('**/notifications');
      await page.getByRole('link', { name: `${users.creator.displayName} scheduled a live` }).click();
      await page.waitForURL(`**/scheduled/${state.id}`);
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await page.getByRole('link', { name: users.creator.displayName }).waitFor();
      await expectTicking(page, 'follower');
      await page.getByText('No one asked to be reminded yet.').waitFor();
      await page.getByRole('button', { name: 'Remind me', pressed: false }).click();
      await page.getByRole('button', { name: 'Remind me', pressed: true }).waitFor();
      await page.getByText('1 person will be reminded.').waitFor();
      await page.getByText('We will remind you 10 minutes before it starts.').waitFor();
      const entry = await entryOf(page, state.id);
      assert.equal(entry.remindersCount, 1);
      assert.equal(entry.isReminded, true);
      await expectNoHorizontalScroll(page, 'the follower\'s entry (phone)');
      await expectAccessible(page, 'scheduled live, follower (phone)');
      await screenshot(page, 'scheduled-live-phone');
    },
    { timeout: 90_000 },
  );

  step(
    'the calendar link answers text/calendar with the live; profile and settings list it',
    async () => {
      const { page } = actors.follower;
      const href = await page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href');
      assert.equal(href, `/api/users/${users.creator.handle}/schedule.ics`);
      const response = await page.request.get(new URL(href, suite.server.url).href);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'], /^text\/calendar/);
      const ics = await response.text();
      assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
      assert.ok(ics.includes(`UID:${state.id}@onair`), ics);
      assert.ok(ics.includes(`SUMMARY:${TITLE}`), ics);

      // A second tab: the entry page stays open for the live to start.
      const second = await newPageFor(actors.follower);
      await second.goto(`/u/${users.creator.handle}`);
      const upcoming = second.getByRole('region', { name: 'Upcoming lives' });
      const item = upcoming.getByRole('article', { name: TITLE });
      await item.waitFor();
      await item.getByRole('button', { name: 'Remind me', pressed: true }).waitFor();
      await item.getByText('1 reminded').waitFor();
      await expectNoHorizontalScroll(second, 'profile with upcoming lives (phone)');
      await expectAccessible(second, 'profile with upcoming lives (phone)');
      await screenshot(second, 'profile-upcoming-phone');
      await second.goto('/settings/notifications');
      await expectScheduleTypesListed(second);
      await expectNoHorizontalScroll(second, 'notification settings (phone)');
      await expectAccessible(second, 'notification settings (phone)');
      await second.close();
    },
    { timeout: 60_000 },
  );

  step(
    'a visitor sees the entry with its countdown and a sign-in link for reminders',
    async () => {
      const { page } = await newActor('visitor', PHONE);
      await page.goto(`/scheduled/${state.id}`);
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await page.getByRole('link', { name: users.creator.displayName }).waitFor();
      await expectTicking(page, 'visitor');
      await page.getByText('1 person will be reminded.').waitFor();
      const signIn = page.getByRole('link', { name: 'Sign in to be reminded' });
      assert.equal(await signIn.getAttribute('href'), `/login?next=${encodeURIComponent(`/scheduled/${state.id}`)}`);
      assert.equal(await page.getByRole('button', { name: 'Remind me' }).count(), 0, 'no Remind me for a visitor');
      assert.equal(await page.getByRole('button', { name: /Go live now/ }).count(), 0);
      await expectNoHorizontalScroll(page, 'the visitor\'s entry (phone)');
      await expectAccessible(page, 'scheduled live, visitor (phone)');
      await screenshot(page, 'scheduled-live-visitor-phone');

      await page.setViewportSize(DESKTOP);
      await expectAccessible(page, 'scheduled live, visitor (desktop)');
      await screenshot(page, 'scheduled-live-visitor-desktop');
      await page.goto(`/u/${users.creator.handle}`);
      const item = page.getByRole('region', { name: 'Upcoming lives' }).getByRole('article', { name: TITLE });
      await item.getByRole('link', { name: 'Sign in to be reminded' }).waitFor();
      await expectAccessible(page, 'profile with upcoming lives (desktop)');
      await screenshot(page, 'profile-upcoming-desktop');
      await item.getByRole('link', { name: 'Sign in to be reminded' }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      assert.equal(new URL(page.url()).searchParams.get('next'), `/scheduled/${state.id}`);
      await page.setViewportSize(PHONE);
    },
    { timeout: 60_000 },
  );

  step(
    'the creator edits the live, and cancels a second one: the visitor sees it cancelled in place',
    async () => {
      const { page } = actors.creator;
      await page.getByRole('button', { name: 'Edit' }).click();
      const form = page.getByRole('form', { name: 'Edit this live' });
      await form.waitFor();
      await expectAccessible(page, 'edit scheduled live (desktop)');
      await form.getByLabel('Description (optional)').fill('Ask me anything about the new album, and the tour.');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Your changes are saved.').waitFor();
      await page.getByText('Ask me anything about the new album, and the tour.').waitFor();
      assert.equal((await entryOf(page, state.id)).description, 'Ask me anything about the new album, and the tour.');

      // A second live, two hours ahead, made through the API; the visitor has it open.
      const startsAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
      const made = await apiPost(page, '/api/scheduled-lives', {
        title: SPARE_TITLE,
        startsAt,
        sensitivity: 'none',
        gating: 'public',
      });
      state.spareId = made.scheduled.id;
      const visitor = actors.visitor;
      await visitor.page.goto(`/scheduled/${state.spareId}`);
      await visitor.page.getByRole('heading', { level: 1, name: SPARE_TITLE }).waitFor();
      const visitorDoc = visitor.doc;

      // The creator cancels it from a phone-sized tab (after a look at the edit form there).
      const second = await newPageFor(actors.creator);
      await second.setViewportSize(PHONE);
      await second.goto(`/scheduled/${state.spareId}`);
      await second.getByRole('heading', { level: 1, name: SPARE_TITLE }).waitFor();
      await second.getByRole('button', { name: 'Edit' }).click();
      await second.getByRole('form', { name: 'Edit this live' }).waitFor();
      await expectNoHorizontalScroll(second, 'the edit form (phone)');
      await expectAccessible(second, 'edit scheduled live (phone)');
      await second.getByRole('button', { name: 'Discard changes' }).click();
      await second.getByRole('button', { name: 'Cancel live' }).click();
      const dialog = second.getByRole('dialog', { name: 'Cancel this live?' });
      await dialog.waitFor();
      await expectAccessible(second, 'cancel scheduled live (phone)');
      await screenshot(second, 'cancel-scheduled-phone');
      await dialog.getByRole('button', { name: 'Cancel the live' }).click();
      await second.getByText('Cancelled', { exact: true }).waitFor();
      assert.equal((await entryOf(second, state.spareId)).status, 'cancelled');

      // Pushed over /ws: the visitor's page says so without a reload.
      await visitor.page.getByText('Cancelled', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      await visitor.page.getByText('This live was cancelled.').waitFor();
      assert.equal(await visitor.page.getByRole('link', { name: 'Sign in to be reminded' }).count(), 0);
      assert.equal(visitor.doc, visitorDoc, 'the visitor\'s page did not reload');
      await expectAccessible(visitor.page, 'cancelled live, visitor (phone)');

      await second.setViewportSize(DESKTOP);
      await second.goto('/settings/notifications');
      await expectScheduleTypesListed(second);
      await expectAccessible(second, 'notification settings (desktop)');
      await second.close();
    },
    { timeout: 60_000 },
  );

  step(
    'the creator presses Go live now: the follower\'s entry page becomes the live page and plays',
    async () => {
      const follower = actors.follower;
      assert.equal(new URL(follower.page.url()).pathname, `/scheduled/${state.id}`);
      const followerDoc = follower.doc;
      const { page } = actors.creator;
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await page.getByRole('button', { name: /Go live now/ }).click();
      await page.waitForURL(/\/live\/[^/]+\/broadcast$/);
      state.streamId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
      await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
      await page.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: MEDIA_TIMEOUT });

      await follower.page.waitForURL((url) => url.pathname === `/live/${state.streamId}`, { timeout: UI_TIMEOUT });
      assert.equal(follower.doc, followerDoc, 'the follower\'s page did not reload');
      assert.ok(
        follower.pushes.some((p) => p.type === 'scheduled' && p.id === state.streamId),
        'the follower\'s page heard the scheduled push',
      );
      await follower.page.getByRole('heading', { name: TITLE }).waitFor();
      await expectPlaying(follower.page, 'follower from the entry');

      const entry = await entryOf(follower.page, state.id);
      assert.equal(entry.status, 'live');
      assert.equal(entry.streamId, state.streamId);
      const { stream } = await apiGet(follower.page, `/api/live-streams/${state.streamId}`);
      assert.equal(stream.title, TITLE, 'the stream took the entry\'s title');
      await endStream(page, { save: false });
      assert.equal((await entryOf(page, state.id)).status, 'done');
    },
    { timeout: 120_000 },
  );

  step('no page errors, no request loops, /ws (re)connects only with backoff; every screen audited', async () => {
    for (const name of Object.keys(actors)) checkActor(name);
    assert.equal(suite.server.exitStatus(), null, 'the server is still running');
    assertAllAudited(suite.browser, SCREENS);
  });
});
