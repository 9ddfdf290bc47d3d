import { describe, expect, it } from "vitest";
import {
  formFromSettings,
  parseBlockedWords,
  parseFollowMinutes,
  slowModeLabel,
} from "./chatRules";

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

describe("parseFollowMinutes", () => {
  it("takes whole minutes from 0 to 129,600, blank as 0", () => {
    expect(parseFollowMinutes(" 60 ")).toEqual({ minutes: 60 });
    expect(parseFollowMinutes("")).toEqual({ minutes: 0 });
    expect(parseFollowMinutes("129600")).toEqual({ minutes: 129_600 });
  });

  it("refuses more than 90 days, negatives, fractions and words", () => {
    for (const text of ["129601", "-5", "1.5", "ten", "1e3"])
      expect(parseFollowMinutes(text)).toEqual({
        error:
          "The minimum follow time is a whole number of minutes from 0 to 129,600 (90 days).",
      });
  });
});

describe("formFromSettings", () => {
  it("reads a missing minimum follow time (older servers) as 0", () => {
    expect(
      formFromSettings({
        slowModeSeconds: 0,
        followersOnlyChat: true,
        blockedWords: ["a", "b"],
      }),
    ).toEqual({
      slowModeSeconds: 0,
      followersOnlyChat: true,
      followersOnlyMinutes: "0",
      blockedWords: "a\nb",
    });
  });
});
