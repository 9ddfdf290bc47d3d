import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { readVisitorGate, VisitorGate } from "./VisitorGate";

const author = { handle: "bob", displayName: "Bob" };

describe("VisitorGate", () => {
  it("says a followers-only stream is for followers and offers sign-in back here", () => {
    new ApiMock().on("GET /api/me", apiError(401, "unauthenticated"));
    renderWithApp(
      <VisitorGate
        gate={{
          gating: "followers",
          priceCredits: null,
          title: "Studio day",
          author,
        }}
      />,
      { route: "/live/s1" },
    );
    expect(
      screen.getByRole("heading", {
        name: "Studio day by Bob is for followers",
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute(
      "href",
      "/login?next=%2Flive%2Fs1",
    );
    expect(
      screen.getByRole("link", { name: "Create an account" }),
    ).toHaveAttribute("href", "/signup?next=%2Flive%2Fs1");
    expect(screen.queryByText(/Please log in/)).not.toBeInTheDocument();
  });

  it("says what a paid stream costs", () => {
    new ApiMock().on("GET /api/me", apiError(401, "unauthenticated"));
    renderWithApp(
      <VisitorGate
        gate={{
          gating: "paid",
          priceCredits: 250,
          title: "Masterclass",
          author,
        }}
      />,
    );
    expect(
      screen.getByRole("heading", {
        name: "Masterclass by Bob costs 250 credits ($2.50)",
      }),
    ).toBeInTheDocument();
  });

  it("reads the details of a 401, and nothing else", () => {
    expect(
      readVisitorGate({
        gating: "paid",
        priceCredits: 5,
        title: "T",
        authorHandle: "bob",
        authorDisplayName: "Bob",
      }),
    ).toEqual({
      gating: "paid",
      priceCredits: 5,
      title: "T",
      author: { handle: "bob", displayName: "Bob" },
    });
    expect(readVisitorGate({})).toBeNull();
    expect(
      readVisitorGate({ gating: "public", title: "T", author }),
    ).toBeNull();
  });
});
