import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, makeReel, makeStream, mockSignedIn } from "../test/apiMock";
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

describe("ReelsScreen", () => {
  it("puts Go Live beside Upload Video and shows both live rows and the feed", async () => {
    mockHome(mockSignedIn(new ApiMock()));
    renderWithApp(<ReelsScreen />);
    const upload = screen.getByRole("button", { name: "Upload Video" });
    const goLive = await screen.findByRole("link", { name: "Go Live" });
    expect(upload.parentElement).toBe(goLive.parentElement);
    expect(goLive).toHaveAttribute("href", "/live/new");

    const following = await screen.findByRole("region", {
      name: "Live now from people you follow",
    });
    expect(
      await within(following).findByRole("link", { name: /Friend live/ }),
    ).toHaveAttribute("href", "/live/s1");
    const all = screen.getByRole("region", { name: "All live streams" });
    expect(
      await within(all).findByRole("link", { name: /Stranger live/ }),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText("Beach")).toBeInTheDocument();
  });

  it("opens the upload form from Upload Video", async () => {
    mockHome(mockSignedIn(new ApiMock()));
    renderWithApp(<ReelsScreen />);
    await userEvent.click(screen.getByRole("button", { name: "Upload Video" }));
    expect(
      screen.getByRole("form", { name: "Upload video" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Upload Video" }),
    ).toHaveAttribute("aria-expanded", "true");
  });

  it("sends signed-out visitors to log in before going live and hides the following row", async () => {
    mockHome(new ApiMock()).on("GET /api/me", {
      status: 401,
      body: { error: { code: "unauthenticated", message: "no" } },
    });
    renderWithApp(<ReelsScreen />);
    expect(
      await screen.findByRole("link", { name: "Go Live" }),
    ).toHaveAttribute("href", "/login?next=%2Flive%2Fnew");
    expect(
      screen.queryByRole("region", { name: "Live now from people you follow" }),
    ).not.toBeInTheDocument();
  });
});
