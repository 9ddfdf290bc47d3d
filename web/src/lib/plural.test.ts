import { describe, expect, it } from "vitest";
import { countOf, nounFor, viewersLabel } from "./plural";

describe("countOf", () => {
  it("puts the noun in the right number", () => {
    expect(viewersLabel(0)).toBe("0 viewers");
    expect(viewersLabel(1)).toBe("1 viewer");
    expect(viewersLabel(2)).toBe("2 viewers");
    expect(viewersLabel(12345)).toBe("12,345 viewers");
    expect(countOf(1, "follower")).toBe("1 follower");
    expect(countOf(3, "reply", "replies")).toBe("3 replies");
    expect(nounFor(1, "follower")).toBe("follower");
    expect(nounFor(0, "follower")).toBe("followers");
  });
});
