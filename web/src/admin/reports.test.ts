import { describe, expect, it } from "vitest";
import {
  actionsFor,
  itemPath,
  itemTypeLabel,
  resolutionLabel,
  resolvedSentence,
} from "./reports";

describe("report labels", () => {
  it("links streams and reels, not messages or users (named by id)", () => {
    expect(itemPath({ itemType: "live_stream", itemId: "a/b" })).toBe(
      "/live/a%2Fb",
    );
    expect(itemPath({ itemType: "reel", itemId: "r1" })).toBe("/reels/r1");
    expect(itemPath({ itemType: "chat_message", itemId: "12" })).toBeNull();
    expect(itemPath({ itemType: "user", itemId: "u1" })).toBeNull();
  });

  it("offers the actions that fit the item", () => {
    expect(actionsFor("live_stream")).toEqual([
      "dismiss",
      "end_stream",
      "suspend_user",
    ]);
    expect(actionsFor("user")).toEqual(["dismiss", "suspend_user"]);
    expect(actionsFor("reel")).toEqual([
      "dismiss",
      "remove_item",
      "suspend_user",
    ]);
  });

  it("says how a report was settled", () => {
    expect(resolutionLabel("remove_item", "reel")).toBe("reel removed");
    expect(resolutionLabel("remove_item", "live_stream")).toBe("stream ended");
    expect(resolutionLabel("suspend_user", "chat_message")).toBe(
      "author suspended",
    );
    expect(resolutionLabel("new_way", "user")).toBe("new way");
    expect(resolvedSentence("suspend_user", "user")).toBe(
      "Report resolved: the user was suspended.",
    );
    expect(itemTypeLabel("podcast_episode")).toBe("Podcast episode");
  });
});
