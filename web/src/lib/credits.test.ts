import { describe, expect, it } from "vitest";
import { creditRateText, creditsInUsd } from "./credits";

describe("credits", () => {
  it("says what a credit is worth", () => {
    expect(creditRateText).toBe("1 credit = $0.01");
    expect(creditsInUsd(250)).toBe("$2.50");
  });
});
