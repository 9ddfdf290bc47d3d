import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../api/client";
import { makeUser } from "../test/apiMock";
import {
  charCount,
  compareMessageIds,
  laterId,
  limitChars,
  mergeMessages,
} from "./chatLog";

function message(id: string): ChatMessage {
  return {
    id,
    streamId: "s1",
    author: makeUser(),
    text: `message ${id}`,
    createdAt: "2026-11-24T10:00:00.000Z",
  };
}

const ids = (messages: readonly ChatMessage[]) => messages.map((m) => m.id);

describe("chat log", () => {
  it("orders ids as numbers, not as text", () => {
    expect(["10", "9", "100", "11"].sort(compareMessageIds)).toEqual([
      "9",
      "10",
      "11",
      "100",
    ]);
    expect(laterId(null, "3")).toBe("3");
    expect(laterId("10", "9")).toBe("10");
    expect(laterId("9", "10")).toBe("10");
  });

  it("merges by id, oldest first, without duplicates or removed messages", () => {
    const current = [message("1"), message("3")];
    const merged = mergeMessages(
      current,
      [message("3"), message("2"), message("10"), message("2"), message("4")],
      new Set(["4"]),
    );
    expect(ids(merged)).toEqual(["1", "2", "3", "10"]);
  });

  it("returns the same list when nothing is new", () => {
    const current = [message("1"), message("2")];
    expect(mergeMessages(current, [message("2")])).toBe(current);
    expect(mergeMessages(current, [])).toBe(current);
  });

  it("keeps only the newest messages past the cap", () => {
    const merged = mergeMessages(
      [message("1"), message("2")],
      [message("3"), message("4")],
      new Set(),
      3,
    );
    expect(ids(merged)).toEqual(["2", "3", "4"]);
  });

  it("counts and cuts characters as code points", () => {
    expect(charCount("héllo")).toBe(5);
    expect(charCount("🔥🔥")).toBe(2);
    expect(limitChars("abc", 5)).toBe("abc");
    expect(limitChars("🔥🔥🔥", 2)).toBe("🔥🔥");
    expect(limitChars("abcdef", 4)).toBe("abcd");
  });
});
