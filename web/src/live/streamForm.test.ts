import { describe, expect, it } from "vitest";
import {
  emptyStreamForm,
  fieldFromServer,
  defaultTitleFor,
  toCreateInput,
  validateStreamForm,
} from "./streamForm";

describe("validateStreamForm", () => {
  it("takes an empty title (a default is sent) and at most 100 characters", () => {
    expect(
      validateStreamForm({ ...emptyStreamForm, title: "   " }).title,
    ).toBeUndefined();
    expect(
      validateStreamForm({ ...emptyStreamForm, title: "x".repeat(100) }).title,
    ).toBeUndefined();
    expect(
      validateStreamForm({ ...emptyStreamForm, title: "x".repeat(101) }).title,
    ).toMatch(/100/);
  });

  it("limits the description to 2000 characters", () => {
    expect(
      validateStreamForm({
        ...emptyStreamForm,
        title: "t",
        description: "d".repeat(2000),
      }),
    ).toEqual({});
    expect(
      validateStreamForm({
        ...emptyStreamForm,
        title: "t",
        description: "d".repeat(2001),
      }).description,
    ).toMatch(/2000/);
  });

  it("needs a whole price from 1 to 100000 only for paid streams", () => {
    const paid = { ...emptyStreamForm, title: "t", gating: "paid" as const };
    expect(
      validateStreamForm({ ...paid, priceCredits: "" }).priceCredits,
    ).toMatch(/Set a price/);
    expect(
      validateStreamForm({ ...paid, priceCredits: "2.5" }).priceCredits,
    ).toMatch(/whole number/);
    expect(
      validateStreamForm({ ...paid, priceCredits: "0" }).priceCredits,
    ).toMatch(/between 1 and 100,000/);
    expect(
      validateStreamForm({ ...paid, priceCredits: "100001" }).priceCredits,
    ).toMatch(/between/);
    expect(validateStreamForm({ ...paid, priceCredits: "100000" })).toEqual({});
    expect(
      validateStreamForm({
        ...emptyStreamForm,
        title: "t",
        gating: "followers",
        priceCredits: "abc",
      }),
    ).toEqual({});
  });
});

describe("toCreateInput", () => {
  it("sends a price only for paid streams and trims text", () => {
    expect(
      toCreateInput(
        { ...emptyStreamForm, title: " Hi ", priceCredits: "5" },
        "Alice's live",
      ),
    ).toEqual({
      title: "Hi",
      sensitivity: "none",
      gating: "public",
    });
    expect(
      toCreateInput(
        {
          title: "Hi",
          description: " d ",
          sensitivity: "sensitive",
          gating: "paid",
          priceCredits: "50",
        },
        "Alice's live",
      ),
    ).toEqual({
      title: "Hi",
      description: "d",
      sensitivity: "sensitive",
      gating: "paid",
      priceCredits: 50,
    });
  });
});

describe("fieldFromServer", () => {
  it("maps server field names to form fields", () => {
    expect(fieldFromServer("priceCredits")).toBe("priceCredits");
    expect(fieldFromServer("price_credits")).toBe("priceCredits");
    expect(fieldFromServer("body.title")).toBe("title");
    expect(fieldFromServer("nope")).toBeNull();
    expect(fieldFromServer(3)).toBeNull();
  });
});

describe("default title", () => {
  it("is sent for an empty title", () => {
    expect(
      toCreateInput({ ...emptyStreamForm, title: "  " }, "Alice's live").title,
    ).toBe("Alice's live");
  });

  it("names the creator and fits the server's 100 characters", () => {
    expect(defaultTitleFor("Alice")).toBe("Alice's live");
    expect([...defaultTitleFor("🎸".repeat(120))]).toHaveLength(100);
    expect(defaultTitleFor(" ")).toBe("Live");
  });
});
