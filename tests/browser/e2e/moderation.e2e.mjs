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
// message meets the countdown on the Send button. Every new screen is checked with axe; phone and
// desktop screenshots of the settings screen and the chat menu go to ONAIR_SCREENSHOT_DIR.
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
  goLive,
  log,
  newPageFor,
  openMessageMenu,
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
};
const TITLE = 'Pottery night, live';
const SPAM = ['Cheap followers at spam.example!!!', 'Seriously, cheap followers, click now'];
const WELCOME = 'Welcome everyone, grab a mug!';
const state = { streamId: null, settings: null, spammerWatch: null, timedOutAt: null };
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
];

describe('onair moderation: moderators, time-outs, bans and chat rules', { timeout: 180_000 }, () => {
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
    // The spammer moderates nothing: no menus on their page.
    assert.equal(await chatLog(spammer).getByRole('button', { name: /^More actions for/ }).count(), 0);
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
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['Remove message', 'Time out 10 minutes', 'Ban']);
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

  step('no page errors, no request loops, /ws (re)connects only with backoff; every screen audited', async () => {
    for (const name of Object.keys(actors)) checkActor(name);
    assert.equal(suite.server.exitStatus(), null, 'the server is still running');
    assertAllAudited(suite.browser, SCREENS);
  });
});
