// End-to-end, moderation: the real onair server binary and web client (web/dist) in headless
// Debian Chromium. Run with the other suites by `node --test tests/browser/e2e/` (see
// tests/browser/README.md).
//
// The story: a creator goes live and, on /settings/moderation, appoints a moderator. A spammer and
// the moderator open the stream (both on phones); the spammer posts two messages. The moderator
// opens the message menu → "Time out 10 minutes" → "Also remove their messages" → Time out: within
// a few seconds the spammer's page says they are timed out (no video, no chat, no reconnecting)
// and the spammer's messages are gone from the moderator's and the creator's chat. The creator
// lifts the time-out from the banned users list, sets slow mode to 30 s, and a viewer's second
// message meets the countdown on the Send button. Then reports (issue 16): a troll writes, the
// viewer reports the message from its menu, an operator removes it from /admin after confirming
// and it leaves the viewer's chat; the creator's moderation log shows the removal; the operator
// suspends the troll, whose page drops to signed out and whose sign-in is refused, and lifts the
// suspension again. Every new screen is checked with axe; phone and desktop screenshots of the
// settings screen, the chat menu, the report dialog and /admin go to ONAIR_SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  DESKTOP,
  PHONE,
  apiCall,
  apiGet,
  assertAllAudited,
  chatLog,
  chatTexts,
  createSuite,
  expectAccessible,
  expectNoHorizontalScroll,
  goLive,
  log,
  newPageFor,
  openMessageActions,
  openMessageMenu,
  PASSWORD,
  recordWatchControl,
  screenshot,
  sendChatMessage,
  signUp,
} from '../lib/e2e.mjs';

const suite = createSuite('moderation');
const { actors, step, newActor, checkActor } = suite;
const run = Date.now().toString(36).slice(-5);
const users = {
  creator: { handle: `cora_${run}`, displayName: 'Cora Creator' },
  moderator: { handle: `milo_${run}`, displayName: 'Milo Mod' },
  spammer: { handle: `sam_${run}`, displayName: 'Spammy Sam' },
  fan: { handle: `fay_${run}`, displayName: 'Fay Fan' },
  troll: { handle: `tom_${run}`, displayName: 'Trolly Tom' },
  operator: { handle: `opal_${run}`, displayName: 'Opal Operator' },
};
const TITLE = 'Pottery night, live';
const SPAM = ['Cheap followers at spam.example!!!', 'Seriously, cheap followers, click now'];
const WELCOME = 'Welcome everyone, grab a mug!';
const TROLL = 'Buy followers cheap at troll.example';
const REPORT_REASON = 'Advertising a follower shop in the chat';
const SUSPENSION_REASON = 'Spam after a report';
const state = { streamId: null, settings: null, spammerWatch: null, timedOutAt: null, trollMessageId: null };
/** Every screen this story visits; each is checked with axe on the way. */
const SCREENS = [
  'moderation settings (desktop)',
  'broadcaster chat menu (desktop)',
  'viewer chat menu (phone)',
  'time-out dialog (phone)',
  'timed out (phone)',
  'moderation settings with a ban (desktop)',
  'moderation settings (phone)',
  'viewer slow mode (desktop)',
  'viewer report menu (desktop)',
  'report dialog (desktop)',
  'admin reports (desktop)',
  'resolve report dialog (desktop)',
  'moderation log (desktop)',
  'moderation log (phone)',
  'suspend dialog (desktop)',
  'admin suspensions (desktop)',
  'admin dashboard (phone)',
  'suspended sign-in (phone)',
];

describe('onair moderation: moderators, time-outs, bans, chat rules, reports and suspensions', { timeout: 180_000 }, () => {
  before(() => suite.start());
  after(() => suite.stop());

  step('creator, moderator and spammer sign up; the creator goes live', async () => {
    const creator = await newActor('creator', DESKTOP);
    const moderator = await newActor('moderator', PHONE);
    const spammer = await newActor('spammer', PHONE);
    await Promise.all([
      signUp(creator.page, users.creator),
      signUp(moderator.page, users.moderator),
      signUp(spammer.page, users.spammer),
    ]);
    state.streamId = await goLive(creator.page, { title: TITLE });
  });

  step('the creator appoints the moderator on /settings/moderation', async () => {
    // A second tab: the first keeps broadcasting.
    const page = await newPageFor(actors.creator);
    state.settings = page;
    await page.goto('/settings/notifications');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Moderation' }).click();
    await page.waitForURL('**/settings/moderation');
    await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor();
    const moderators = page.getByRole('region', { name: 'Moderators' });
    await moderators.getByText('No moderators yet.').waitFor();
    await page.getByRole('region', { name: 'Banned users' }).getByText('Nobody is banned from your streams.').waitFor();
    await moderators.getByLabel('Add a moderator').fill(`@${users.moderator.handle}`);
    await moderators.getByRole('button', { name: 'Add', exact: true }).click();
    await moderators.getByRole('status').filter({ hasText: `@${users.moderator.handle} is now a moderator.` }).waitFor();
    await moderators.getByRole('list', { name: 'Your moderators' }).getByText(users.moderator.displayName).waitFor();
    const { items } = await apiGet(page, '/api/me/moderators');
    assert.deepEqual(
      items.map((u) => u.handle),
      [users.moderator.handle],
    );
    await expectAccessible(page, 'moderation settings (desktop)');
    await screenshot(page, 'moderation-settings-desktop');
  });

  step('the moderator and the spammer join; the spammer posts two messages', async () => {
    const moderator = actors.moderator.page;
    const spammer = actors.spammer.page;
    state.spammerWatch = recordWatchControl(spammer);
    await Promise.all([moderator.goto(`/live/${state.streamId}`), spammer.goto(`/live/${state.streamId}`)]);
    await Promise.all([
      moderator.getByRole('textbox', { name: 'Chat message' }).waitFor(),
      spammer.getByRole('textbox', { name: 'Chat message' }).waitFor(),
    ]);
    await sendChatMessage(actors.creator.page, WELCOME);
    for (const text of SPAM) await sendChatMessage(spammer, text);
    for (const page of [moderator, actors.creator.page])
      for (const text of [WELCOME, ...SPAM]) await chatLog(page).getByText(text, { exact: true }).waitFor();
    // The spammer moderates nothing: no menu on their own messages, and on others' only "Report".
    assert.equal(
      await chatLog(spammer).getByRole('button', { name: `More actions for ${users.spammer.displayName}'s message` }).count(),
      0,
    );
    const menu = await openMessageActions(spammer, users.creator.displayName);
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['Report message']);
    await spammer.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  step("the creator's chat offers the message menu on the spammer's messages, not on their own", async () => {
    const { page } = actors.creator;
    assert.equal(
      await chatLog(page).getByRole('button', { name: `More actions for ${users.spammer.displayName}'s message` }).count(),
      2,
    );
    assert.equal(
      await chatLog(page).getByRole('button', { name: `More actions for ${users.creator.displayName}'s message` }).count(),
      0,
    );
    const menu = await openMessageMenu(page, users.spammer.displayName);
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), [
      'Remove message',
      'Time out 10 minutes',
      'Ban',
      'Report message',
    ]);
    await expectAccessible(page, 'broadcaster chat menu (desktop)');
    await screenshot(page, 'chat-menu-desktop');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  step('the moderator times the spammer out from the message menu, removing their messages', async () => {
    const { page } = actors.moderator;
    const menu = await openMessageMenu(page, users.spammer.displayName);
    await expectAccessible(page, 'viewer chat menu (phone)');
    await screenshot(page, 'chat-menu-phone');
    await menu.getByRole('menuitem', { name: 'Time out 10 minutes' }).click();
    const dialog = page.getByRole('dialog', { name: `Time out @${users.spammer.handle} for 10 minutes?` });
    await dialog.waitFor();
    await dialog.getByRole('checkbox', { name: 'Also remove their messages' }).check();
    await expectAccessible(page, 'time-out dialog (phone)');
    await screenshot(page, 'time-out-dialog-phone');
    state.timedOutAt = Date.now();
    await dialog.getByRole('button', { name: 'Time out', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const status = page.getByRole('status').filter({ hasText: `Timed out @${users.spammer.handle} for 10 minutes.` });
    await status.waitFor();
    await status.getByRole('button', { name: 'Undo' }).waitFor();
  });

  step("within a few seconds the spammer's page says they are timed out, with no video and no chat", async () => {
    const { page } = actors.spammer;
    const heading = page.getByRole('heading', { name: 'Timed out' });
    await heading.waitFor({ timeout: 5000 });
    const after = Date.now() - state.timedOutAt;
    log(`the spammer saw the time-out ${after} ms after the moderator confirmed`);
    assert.ok(after <= 5000, `the spammer was told after ${after} ms`);
    const notice = page.locator('.banned-notice').getByRole('alert');
    const sentence = await notice.textContent();
    assert.match(sentence, new RegExp(`^You are timed out of @${users.creator.handle}'s streams until \\d{1,2}:\\d{2}`));
    // No video, no chat box, no log, no reactions, no reconnecting.
    assert.equal(await page.locator('.stage').isHidden(), true, 'the video is hidden');
    assert.equal(await page.getByRole('textbox', { name: 'Chat message' }).count(), 0, 'no chat box');
    assert.equal(await chatLog(page).count(), 0, 'no chat log');
    assert.equal(await page.getByRole('group', { name: 'Reactions' }).count(), 0, 'no reactions');
    const joins = () =>
      actors.spammer.requests.filter((r) => r.what === `POST /api/live-streams/${state.streamId}/join`).length;
    const joinsNow = joins();
    await page.waitForTimeout(3000);
    assert.equal(joins(), joinsNow, 'the timed-out page does not join again');
    assert.equal(await page.getByText('Connection lost — reconnecting…').count(), 0);
    // The watch socket said why before it closed.
    const banned = state.spammerWatch.filter((m) => m.message.type === 'banned');
    assert.equal(banned.length, 1, JSON.stringify(state.spammerWatch.map((m) => m.message.type)));
    assert.equal(banned[0].message.streamId, state.streamId);
    assert.ok(Date.parse(banned[0].message.until) > Date.now() + 9 * 60_000, `until ${banned[0].message.until}`);
    // The server refuses their chat too.
    const refused = await apiCall(page, 'POST', `/api/live-streams/${state.streamId}/chat`, { text: 'let me in' });
    assert.equal(refused.status, 403, JSON.stringify(refused));
    assert.equal(refused.body.error.code, 'banned');
    await expectAccessible(page, 'timed out (phone)');
    await screenshot(page, 'viewer-timed-out-phone');
  });

  step("the spammer's messages are gone from the moderator's and the creator's chat", async () => {
    for (const who of ['moderator', 'creator']) {
      const { page } = actors[who];
      await page.waitForFunction(
        (spam) => {
          const texts = [...document.querySelectorAll('[role="log"] .chat-text')].map((e) => e.textContent);
          return spam.every((text) => !texts.includes(text));
        },
        SPAM,
        { timeout: 5000 },
      );
      const texts = await chatTexts(page);
      assert.deepEqual(texts, [WELCOME], `${who}'s chat: ${JSON.stringify(texts)}`);
    }
    const { items } = await apiGet(actors.creator.page, `/api/live-streams/${state.streamId}/chat`);
    assert.deepEqual(
      items.map((m) => m.text),
      [WELCOME],
    );
  });

  step('the creator sees the time-out among the banned users and lifts it; the spammer can chat again', async () => {
    const page = state.settings;
    const banned = page.getByRole('region', { name: 'Banned users' });
    await banned.getByRole('button', { name: 'Refresh' }).click();
    const entry = banned.getByRole('listitem').filter({ hasText: `@${users.spammer.handle}` });
    await entry.waitFor();
    const text = await entry.textContent();
    assert.match(text, new RegExp(`Timed out until .+ · by @${users.moderator.handle}`), text);
    await expectAccessible(page, 'moderation settings with a ban (desktop)');
    await entry.getByRole('button', { name: `Lift the ban on @${users.spammer.handle}` }).click();
    await banned.getByRole('status').filter({ hasText: `Lifted the ban on @${users.spammer.handle}.` }).waitFor();
    await banned.getByText('Nobody is banned from your streams.').waitFor();
    assert.equal(await banned.getByRole('listitem').count(), 0);
    const spammer = actors.spammer.page;
    await spammer.reload();
    await spammer.getByRole('textbox', { name: 'Chat message' }).waitFor();
    assert.equal(await spammer.getByRole('heading', { name: 'Timed out' }).count(), 0);
  });

  step('chat rules: slow mode 30 s; a viewer meets the countdown on Send at their second message', async () => {
    const page = state.settings;
    const rules = page.getByRole('region', { name: 'Chat rules' });
    await rules.getByRole('combobox', { name: 'Slow mode' }).selectOption({ label: '30 seconds' });
    await rules.getByRole('button', { name: 'Save chat rules' }).click();
    await rules.getByRole('status').filter({ hasText: 'Chat rules saved.' }).waitFor();
    const { chatSettings } = await apiGet(page, '/api/me/chat-settings');
    assert.equal(chatSettings.slowModeSeconds, 30);
    await page.setViewportSize(PHONE);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectAccessible(page, 'moderation settings (phone)');
    await screenshot(page, 'moderation-settings-phone');
    await page.close();
    await suite.retire('spammer');

    const { page: fan } = await newActor('fan', DESKTOP);
    await signUp(fan, users.fan);
    await fan.goto(`/live/${state.streamId}`);
    await sendChatMessage(fan, 'Hello from the back row');
    const input = fan.getByRole('textbox', { name: 'Chat message' });
    await input.fill('And hello again');
    await input.press('Enter');
    await fan.getByRole('alert').filter({ hasText: /^Slow mode is on: you can write again in \d+ s$/ }).waitFor();
    const send = fan.getByRole('button', { name: /^Send in \d+ s$/ });
    await send.waitFor();
    assert.equal(await send.isDisabled(), true, 'Send waits');
    const seconds = async () => Number(/(\d+)/.exec(await send.textContent())[1]);
    const first = await seconds();
    assert.ok(first > 0 && first <= 30, `countdown starts at ${first}`);
    await fan.waitForFunction(
      (start) => {
        const button = [...document.querySelectorAll('.chat-form button')].find((b) => /^Send in \d+ s$/.test(b.textContent));
        return button !== undefined && Number(/(\d+)/.exec(button.textContent)[1]) < start;
      },
      first,
      { timeout: 5000 },
    );
    assert.equal(await input.inputValue(), 'And hello again', 'the message waits in the box');
    await expectAccessible(fan, 'viewer slow mode (desktop)');
    await screenshot(fan, 'chat-slow-mode-desktop');
    assert.equal((await chatTexts(fan)).includes('And hello again'), false);
  });

  step("a viewer reports a troll's chat message from the message menu", async () => {
    const troll = await newActor('troll', PHONE);
    await signUp(troll.page, users.troll);
    await troll.page.goto(`/live/${state.streamId}`);
    await sendChatMessage(troll.page, TROLL);
    const { page } = actors.fan;
    await chatLog(page).getByText(TROLL, { exact: true }).waitFor();
    const { items } = await apiGet(page, `/api/live-streams/${state.streamId}/chat`);
    state.trollMessageId = items.find((m) => m.text === TROLL).id;

    const menu = await openMessageActions(page, users.troll.displayName);
    assert.equal(await menu.getAttribute('aria-label'), `Actions for ${users.troll.displayName}'s message`);
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['Report message']);
    await expectAccessible(page, 'viewer report menu (desktop)');
    await menu.getByRole('menuitem', { name: 'Report message' }).click();
    const dialog = page.getByRole('dialog', { name: `Report ${users.troll.displayName}'s message` });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), new RegExp(`“${TROLL}”`));
    await dialog.getByRole('textbox', { name: 'Why are you reporting it?' }).fill(REPORT_REASON);
    await dialog.getByText(`${REPORT_REASON.length} of 500 characters`).waitFor();
    await expectAccessible(page, 'report dialog (desktop)');
    await screenshot(page, 'report-dialog-desktop');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Thanks — operators will look at it.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    // One open report per reporter and item: a second one is refused.
    const again = await apiCall(page, 'POST', '/api/reports', {
      itemType: 'chat_message',
      itemId: state.trollMessageId,
      reason: 'again',
    });
    assert.equal(again.status, 409, JSON.stringify(again));
    // Reporting removes nothing by itself.
    assert.ok((await chatTexts(page)).includes(TROLL));
  });

  step('an operator sees the report on /admin and removes the message after confirming; it leaves the chat', async () => {
    const operator = await newActor('operator', DESKTOP);
    const { page } = operator;
    await signUp(page, users.operator);
    suite.server.admin('grant', users.operator.handle); // operators are made beside the server
    await page.reload();
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Operators’ dashboard' }).waitFor();
    const reports = page.getByRole('region', { name: 'Reports' });
    assert.equal(await reports.getByRole('tab', { name: 'Open' }).getAttribute('aria-selected'), 'true');
    const entry = reports.getByRole('listitem').filter({ hasText: REPORT_REASON });
    await entry.waitFor();
    const text = await entry.textContent();
    assert.match(text, new RegExp(`Chat message #${state.trollMessageId}`), text);
    assert.match(text, new RegExp(`Reported by @${users.fan.handle}`), text);
    assert.deepEqual(await entry.getByRole('button').allTextContents(), ['Dismiss', 'Remove item', 'Suspend user']);
    await expectAccessible(page, 'admin reports (desktop)');
    await reports.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-reports-desktop');

    await entry.getByRole('button', { name: 'Remove item' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this chat message?' });
    await dialog.waitFor();
    await expectAccessible(page, 'resolve report dialog (desktop)');
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await reports.getByRole('status').filter({ hasText: 'Report resolved: the chat message was removed.' }).waitFor();
    await reports.getByText('No open reports.').waitFor();
    const open = await apiGet(page, '/api/admin/reports?status=open');
    assert.deepEqual(open.items, [], JSON.stringify(open));
    // The resolved tab has it, with who resolved it and how.
    await reports.getByRole('tab', { name: 'Resolved' }).click();
    const resolved = reports.getByRole('list', { name: 'Resolved reports' }).getByRole('listitem').filter({ hasText: REPORT_REASON });
    await resolved.filter({ hasText: `Resolved by @${users.operator.handle}` }).filter({ hasText: 'chat message removed' }).waitFor();

    // Gone from the viewer's chat (pushed over /ws), without a reload.
    const fan = actors.fan.page;
    await fan.waitForFunction(
      (troll) => ![...document.querySelectorAll('[role="log"] .chat-text')].some((e) => e.textContent === troll),
      TROLL,
      { timeout: 5000 },
    );
  });

  step("the creator's moderation log on /settings/moderation shows the removal", async () => {
    const page = await newPageFor(actors.creator);
    await page.goto('/settings/moderation');
    const logRegion = page.getByRole('region', { name: 'Moderation log' });
    const lines = logRegion.getByRole('list', { name: 'Moderation log' }).getByRole('listitem');
    const removal = `@${users.operator.handle} removed a message by @${users.troll.handle}: “${TROLL}”`;
    await lines.filter({ hasText: removal }).waitFor();
    // Newest first: the removal leads; the earlier time-out, lifted ban and appointment follow.
    const all = await lines.locator('.log-line').allTextContents();
    log(`moderation log: ${JSON.stringify(all)}`);
    assert.equal(all[0], removal);
    assert.ok(all.includes(`@${users.creator.handle} made @${users.moderator.handle} a moderator`), JSON.stringify(all));
    assert.ok(
      all.some((line) => line.startsWith(`@${users.moderator.handle} timed out @${users.spammer.handle} until `)),
      JSON.stringify(all),
    );
    assert.ok(all.includes(`@${users.creator.handle} lifted the ban on @${users.spammer.handle}`), JSON.stringify(all));
    await logRegion.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'moderation log (desktop)');
    await screenshot(page, 'moderation-log-desktop');
    await page.setViewportSize(PHONE);
    await expectNoHorizontalScroll(page, 'moderation settings (phone)');
    await logRegion.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'moderation log (phone)');
    await screenshot(page, 'moderation-log-phone');
    await page.close();
  });

  step("the operator suspends the troll from the Suspensions form; the troll's page drops to signed out", async () => {
    const { page } = actors.operator;
    const suspensions = page.getByRole('region', { name: 'Suspensions' });
    const form = suspensions.getByRole('form', { name: 'Suspend an account' });
    await form.getByLabel('Handle').fill(`@${users.troll.handle}`);
    await form.getByLabel('Reason').fill(SUSPENSION_REASON);
    // Tomorrow at 09:30, in the browser's (and this machine's) time zone.
    const end = new Date(Date.now() + 86_400_000);
    const pad = (n) => String(n).padStart(2, '0');
    const local = `${end.getFullYear()}-${pad(end.getMonth() + 1)}-${pad(end.getDate())}T09:30`;
    await form.getByLabel('Ends (optional)').fill(local);
    await form.getByRole('button', { name: 'Suspend', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Suspend @${users.troll.handle}?` });
    await dialog.waitFor();
    await expectAccessible(page, 'suspend dialog (desktop)');
    await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await suspensions.getByRole('status').filter({ hasText: new RegExp(`^Suspended @${users.troll.handle} until .+\\.$`) }).waitFor();
    await expectAccessible(page, 'admin suspensions (desktop)');
    await suspensions.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-suspensions-desktop');

    // The troll's session is gone: their page learns it at their next request and signs out.
    const troll = actors.troll.page;
    const me = await apiCall(troll, 'GET', '/api/me');
    assert.equal(me.status, 401, JSON.stringify(me));
    const input = troll.getByRole('textbox', { name: 'Chat message' });
    await input.fill('You cannot stop me');
    await input.press('Enter');
    await troll.getByRole('link', { name: 'Sign up to chat' }).waitFor();
    await troll.getByRole('link', { name: 'Log in' }).first().waitFor();
    assert.equal(await input.count(), 0, 'no chat box once signed out');
    assert.equal(await troll.getByRole('link', { name: `@${users.troll.handle}` }).count(), 0);

    // Signing in again is refused, saying until when.
    await troll.goto('/login');
    await troll.getByLabel('Handle or email').fill(users.troll.handle);
    await troll.getByLabel('Password').fill(PASSWORD);
    await troll.getByRole('button', { name: 'Log in' }).click();
    await troll.getByRole('alert').filter({ hasText: /^This account is suspended until .+\.$/ }).waitFor();
    await expectNoHorizontalScroll(troll, 'suspended sign-in (phone)');
    await expectAccessible(troll, 'suspended sign-in (phone)');
    await screenshot(troll, 'suspended-sign-in-phone');

    // The whole site's log says it; on a phone the dashboard keeps to the screen's width.
    const siteLog = page.getByRole('region', { name: 'Moderation log' });
    await siteLog.getByRole('button', { name: 'Refresh the moderation log' }).click();
    await siteLog
      .getByRole('listitem')
      .filter({ hasText: `@${users.operator.handle} suspended @${users.troll.handle} until ` })
      .filter({ hasText: SUSPENSION_REASON })
      .waitFor();
    await siteLog.getByRole('listitem').filter({ hasText: `@${users.operator.handle} removed a reported chat message` }).waitFor();
    await page.setViewportSize(PHONE);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectNoHorizontalScroll(page, 'admin dashboard (phone)');
    await expectAccessible(page, 'admin dashboard (phone)');
    await screenshot(page, 'admin-phone');
    await page.setViewportSize(DESKTOP);

    // Lifted, the troll signs in again.
    const lift = suspensions.getByRole('form', { name: 'Lift a suspension' });
    await lift.getByLabel('Handle').fill(users.troll.handle);
    await lift.getByRole('button', { name: 'Lift suspension' }).click();
    await suspensions.getByRole('status').filter({ hasText: `@${users.troll.handle} is not suspended any more and can sign in.` }).waitFor();
    await troll.getByRole('button', { name: 'Log in' }).click();
    await troll.waitForURL((url) => url.pathname === '/');
    await troll.getByRole('link', { name: `@${users.troll.handle}` }).waitFor();
  });

  step('no page errors, no request loops, /ws (re)connects only with backoff; every screen audited', async () => {
    for (const name of Object.keys(actors)) checkActor(name);
    assert.equal(suite.server.exitStatus(), null, 'the server is still running');
    assertAllAudited(suite.browser, SCREENS);
  });
});
