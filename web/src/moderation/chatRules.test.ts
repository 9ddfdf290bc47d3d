import { describe, expect, it } from "vitest";
import { parseBlockedWords, slowModeLabel } from "./chatRules";

describe("parseBlockedWords", () => {
  it("takes one word or phrase a line, trimmed, without blanks or repeats", () => {
    expect(parseBlockedWords(" spoiler \n\nbuy followers\nspoiler\n")).toEqual({
      words: ["spoiler", "buy followers"],
    });
    expect(parseBlockedWords("")).toEqual({ words: [] });
  });

  it("refuses words of more than 50 characters and more than 500 words", () => {
    expect(parseBlockedWords("ok\n" + "é".repeat(50))).toEqual({
      words: ["ok", "é".repeat(50)],
    });
    expect(parseBlockedWords("y".repeat(51))).toHaveProperty("error");
    const many = Array.from({ length: 501 }, (_, i) => `w${i}`).join("\n");
    expect(parseBlockedWords(many)).toEqual({
      error: "You can block at most 500 words or phrases; there are 501.",
    });
  });
});

describe("slowModeLabel", () => {
  it("names the choices", () => {
    expect([0, 5, 60, 120, 45].map(slowModeLabel)).toEqual([
      "Off",
      "5 seconds",
      "1 minute",
      "2 minutes",
      "45 seconds",
    ]);
  });
});
