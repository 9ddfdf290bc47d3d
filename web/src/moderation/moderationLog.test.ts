import { describe, expect, it } from "vitest";
import type { ModerationAction } from "../api/client";
import { makeUser } from "../test/apiMock";
import { describeAction } from "./moderationLog";

const cora = makeUser({ id: "u1", handle: "cora" });
const mod = makeUser({ id: "u2", handle: "mod" });
const troll = makeUser({ id: "u3", handle: "troll" });
const op = makeUser({ id: "u4", handle: "op", isAdmin: true });
const now = new Date(2026, 10, 24, 13, 55).getTime();

function entry(overrides: Partial<ModerationAction>): ModerationAction {
  return {
    id: "1",
    action: "ban",
    creator: cora,
    actor: cora,
    user: troll,
    itemType: null,
    itemId: null,
    reason: "",
    until: null,
    createdAt: "2026-11-24T10:00:00.000Z",
    ...overrides,
  };
}

describe("describeAction", () => {
  it("says each channel action as a sentence", () => {
    const lines = [
      entry({ action: "appoint_moderator", user: mod }),
      entry({ action: "dismiss_moderator", user: mod }),
      entry({ action: "ban", actor: mod, reason: "slurs" }),
      entry({ action: "unban" }),
      entry({ action: "chat_settings", user: null }),
    ].map((e) => describeAction(e, now));
    expect(lines).toEqual([
      "@cora made @mod a moderator",
      "@cora removed @mod as a moderator",
      "@mod banned @troll — slurs",
      "@cora lifted the ban on @troll",
      "@cora changed the chat rules",
    ]);
  });

  it("says until when a time-out lasts, and why", () => {
    const until = new Date(2026, 10, 24, 14, 5).toISOString();
    expect(
      describeAction(
        entry({ action: "timeout", actor: mod, until, reason: "spam" }),
        now,
      ),
    ).toMatch(/^@mod timed out @troll until (14:05|2:05\sPM) — spam$/);
  });

  it("quotes a removed message", () => {
    expect(
      describeAction(
        entry({
          action: "remove_message",
          itemType: "chat_message",
          itemId: "12",
          reason: "buy followers",
        }),
        now,
      ),
    ).toBe("@cora removed a message by @troll: “buy followers”");
  });

  it("says what operators did: suspensions and reports", () => {
    const ops = { creator: null, actor: op };
    expect(
      [
        entry({ ...ops, action: "suspend", user: makeUser({ handle: "x" }) }),
        entry({ ...ops, action: "lift_suspension" }),
        entry({
          ...ops,
          action: "resolve_report:remove_item",
          user: null,
          itemType: "chat_message",
          itemId: "12",
        }),
        entry({
          ...ops,
          action: "resolve_report:dismiss",
          user: null,
          itemType: "user",
        }),
        entry({
          ...ops,
          action: "resolve_report:end_stream",
          user: null,
          itemType: "live_stream",
        }),
        entry({
          ...ops,
          action: "resolve_report:suspend_user",
          user: null,
          itemType: "reel",
        }),
      ].map((e) => describeAction(e, now)),
    ).toEqual([
      "@op suspended @x",
      "@op lifted the suspension of @troll",
      "@op removed a reported chat message",
      "@op dismissed a report of a user",
      "@op ended a reported live stream",
      "@op suspended the author of a reported reel",
    ]);
  });

  it("shows an action it does not know readably", () => {
    expect(
      describeAction(entry({ action: "shadow_mute", reason: "noise" }), now),
    ).toBe("@cora: Shadow mute @troll — noise");
  });
});
