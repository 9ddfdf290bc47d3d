import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import {
  ApiMock,
  apiError,
  makeReel,
  makeScheduled,
  makeStream,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ReelsScreen } from "./ReelsScreen";

function mockHome(api: ApiMock): ApiMock {
  return api
    .on("GET /api/reels", {
      status: 200,
      body: { items: [makeReel({ title: "Beach" })], nextCursor: null },
    })
    .on("GET /api/live-streams?scope=following&limit=20", {
      status: 200,
      body: {
        items: [makeStream({ id: "s1", title: "Friend live" })],
        nextCursor: null,
      },
    })
    .on("GET /api/live-streams?scope=all&limit=20", {
      status: 200,
      body: {
        items: [makeStream({ id: "s2", title: "Stranger live" })],
        nextCursor: null,
      },
    });
}

function visitor(): ApiMock {
  return mockHome(new ApiMock()).on(
    "GET /api/me",
    apiError(401, "unauthenticated"),
  );
}

describe("ReelsScreen", () => {
  it("puts Go Live beside Upload Video at the top and shows both live rows and the feed", async () => {
    mockHome(mockSignedIn(new ApiMock()));
    renderWithApp(<ReelsScreen />);
    const goLive = await screen.findByRole("link", { name: "Go Live" });
    const upload = screen.getByRole("button", { name: "Upload Video" });
    expect(upload.parentElement).toBe(goLive.parentElement);
    expect(goLive).toHaveAttribute("href", "/live/new");

    const following = await screen.findByRole("region", {
      name: "Live now from people you follow",
    });
    // Above everything else on the screen, so no scrolling is needed to find it.
    expect(
      goLive.compareDocumentPosition(following) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(
      await within(following).findByRole("link", { name: /Friend live/ }),
    ).toHaveAttribute("href", "/live/s1");
    const all = screen.getByRole("region", { name: "All live streams" });
    expect(
      await within(all).findByRole("link", { name: /Stranger live/ }),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText("Beach")).toBeInTheDocument();
    expect(
      screen.queryByRole("complementary", { name: "Join onair" }),
    ).not.toBeInTheDocument();
  });

  it("opens the upload form from Upload Video", async () => {
    mockHome(mockSignedIn(new ApiMock()));
    renderWithApp(<ReelsScreen />);
    await userEvent.click(
      await screen.findByRole("button", { name: "Upload Video" }),
    );
    expect(
      screen.getByRole("form", { name: "Upload video" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Upload Video" }),
    ).toHaveAttribute("aria-expanded", "true");
  });

  it("shows a visitor who is live and the reels, with an invitation to join", async () => {
    const api = visitor();
    renderWithApp(<ReelsScreen />);
    const invitation = await screen.findByRole("complementary", {
      name: "Join onair",
    });
    expect(
      within(invitation).getByRole("link", { name: "Sign up" }),
    ).toHaveAttribute("href", "/signup");
    expect(
      within(invitation).getByRole("link", { name: "Log in" }),
    ).toHaveAttribute("href", "/login");

    const live = screen.getByRole("region", { name: "Live now" });
    expect(
      await within(live).findByRole("link", { name: /Stranger live/ }),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText("Beach")).toBeInTheDocument();

    expect(
      screen.queryByRole("region", { name: "Live now from people you follow" }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole("link", { name: "Go Live" }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Upload Video" }),
    ).not.toBeInTheDocument();
    await waitFor(() =>
      expect(api.calls.map((c) => c.url)).toContain(
        "/api/live-streams?scope=all&limit=20",
      ),
    );
    expect(api.calls.some((c) => c.url.includes("following"))).toBe(false);
  });

  it("offers Schedule beside Go Live, and shows upcoming lives of those followed", async () => {
    const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });
    mockHome(mockSignedIn(new ApiMock()))
      .on("GET /api/users/alice/scheduled-lives", {
        status: 200,
        body: { items: [] },
      })
      .on("GET /api/users/bob/scheduled-lives", {
        status: 200,
        body: { items: [makeScheduled({ author: bob, title: "Bob's Q&A" })] },
      });
    renderWithApp(<ReelsScreen />);
    const goLive = await screen.findByRole("link", { name: "Go Live" });
    const schedule = screen.getByRole("link", { name: "Schedule" });
    expect(schedule).toHaveAttribute("href", "/scheduled/new");
    expect(schedule.parentElement).toBe(goLive.parentElement);
    const upcoming = await screen.findByRole("region", {
      name: "Upcoming lives",
    });
    expect(
      within(upcoming).getByRole("article", { name: "Bob's Q&A" }),
    ).toBeInTheDocument();
  });
});
