import { describe, expect, it } from "vitest";
import { describeMediaError } from "./mediaErrors";

describe("describeMediaError", () => {
  it.each([
    ["NotAllowedError", /denied/],
    ["NotFoundError", /No camera or microphone was found/],
    ["NotReadableError", /busy/],
    ["OverconstrainedError", /not available/],
    ["Weird", /could not be started/],
  ])("explains %s", (name, message) => {
    expect(describeMediaError(new DOMException("x", name))).toMatch(message);
  });
});
