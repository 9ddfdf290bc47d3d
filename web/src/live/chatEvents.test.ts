import { describe, expect, it } from "vitest";
import { makeUser } from "../test/apiMock";
import { readChatEvent } from "./chatEvents";

const message = {
  id: "5",
  streamId: "s1",
  author: makeUser(),
  text: "hi",
  createdAt: "2026-11-24T10:00:00.000Z",
};

describe("readChatEvent", () => {
  it("reads a chat message about this stream", () => {
    expect(readChatEvent({ type: "chat", message }, "s1")).toEqual({
      kind: "message",
      message,
    });
  });

  it("ignores other streams, other types and malformed messages", () => {
    expect(readChatEvent({ type: "chat", message }, "s2")).toBeNull();
    expect(
      readChatEvent({ type: "chat", message: { ...message, id: 5 } }, "s1"),
    ).toBeNull();
    expect(
      readChatEvent(
        { type: "chat", message: { ...message, author: null } },
        "s1",
      ),
    ).toBeNull();
    expect(readChatEvent({ type: "stream", stream: {} }, "s1")).toBeNull();
    expect(
      readChatEvent(
        { type: "chat_removed", streamId: "s2", messageId: "5" },
        "s1",
      ),
    ).toBeNull();
  });

  it("reads a removal", () => {
    expect(
      readChatEvent(
        { type: "chat_removed", streamId: "s1", messageId: "5" },
        "s1",
      ),
    ).toEqual({ kind: "removed", messageId: "5" });
  });

  it("reads reaction counts, keeping only known kinds with positive whole counts", () => {
    expect(
      readChatEvent(
        {
          type: "reactions",
          streamId: "s1",
          counts: { heart: 3, fire: 1, boo: 4, clap: 0, wow: -1, laugh: 1.5 },
        },
        "s1",
      ),
    ).toEqual({ kind: "reactions", counts: { heart: 3, fire: 1 } });
    expect(
      readChatEvent({ type: "reactions", streamId: "s1", counts: 3 }, "s1"),
    ).toBeNull();
    expect(
      readChatEvent(
        { type: "reactions", streamId: "s2", counts: { heart: 1 } },
        "s1",
      ),
    ).toBeNull();
  });
});
