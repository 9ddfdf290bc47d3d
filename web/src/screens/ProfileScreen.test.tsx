import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import {
  ApiMock,
  apiError,
  makeStream,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ProfileScreen } from "./ProfileScreen";

const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });

function profile(overrides = {}) {
  return {
    status: 200,
    body: {
      user: bob,
      followerCount: 10,
      followingCount: 3,
      isFollowing: false,
      liveStream: null,
      ...overrides,
    },
  };
}

describe("ProfileScreen", () => {
  it("follows and unfollows, updating the count", async () => {
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/users/bob", profile())
      .on("POST /api/users/bob/follow", { status: 204 })
      .on("DELETE /api/users/bob/follow", { status: 204 });
    renderWithApp(<ProfileScreen />, { route: "/u/bob", path: "/u/:handle" });
    expect(
      await screen.findByRole("heading", { name: "Bob" }),
    ).toBeInTheDocument();
    expect(screen.getByText("Not live right now.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Follow" }));
    expect(
      await screen.findByRole("button", { name: "Unfollow" }),
    ).toBeInTheDocument();
    expect(screen.getByText("11")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Unfollow" }));
    expect(
      await screen.findByRole("button", { name: "Follow" }),
    ).toBeInTheDocument();
    expect(screen.getByText("10")).toBeInTheDocument();
    expect(api.callsTo("POST /api/users/bob/follow")).toHaveLength(1);
    expect(api.callsTo("DELETE /api/users/bob/follow")).toHaveLength(1);
  });

  it("says 1 follower, and N followers", async () => {
    mockSignedIn(new ApiMock())
      .on("GET /api/users/bob", profile({ followerCount: 0 }))
      .on("POST /api/users/bob/follow", { status: 204 });
    renderWithApp(<ProfileScreen />, { route: "/u/bob", path: "/u/:handle" });
    const counts = (text: string) =>
      screen.getByText(
        (_, el) => el?.tagName === "P" && el.textContent === text,
      );
    expect(
      await screen.findByRole("heading", { name: "Bob" }),
    ).toBeInTheDocument();
    expect(counts("0 followers · 3 following")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Follow" }));
    await screen.findByRole("button", { name: "Unfollow" });
    expect(counts("1 follower · 3 following")).toBeInTheDocument();
  });

  it("shows the live stream of a creator who is live", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/users/bob",
      profile({ liveStream: makeStream({ id: "s4", title: "Q&A" }) }),
    );
    renderWithApp(<ProfileScreen />, { route: "/u/bob", path: "/u/:handle" });
    const card = await screen.findByRole("region", { name: "Live now" });
    expect(
      within(card).getByRole("heading", { name: "Q&A" }),
    ).toBeInTheDocument();
    expect(within(card).getByRole("link", { name: "Watch" })).toHaveAttribute(
      "href",
      "/live/s4",
    );
  });

  it("offers broadcast controls, not a follow button, on your own live profile", async () => {
    const me = makeUser({ id: "u1", handle: "alice", displayName: "Alice" });
    mockSignedIn(new ApiMock(), me).on("GET /api/users/alice", {
      status: 200,
      body: {
        user: me,
        followerCount: 1,
        followingCount: 1,
        isFollowing: false,
        liveStream: makeStream({ id: "s5", author: me }),
      },
    });
    renderWithApp(<ProfileScreen />, { route: "/u/alice", path: "/u/:handle" });
    expect(
      await screen.findByRole("link", { name: "Broadcast controls" }),
    ).toHaveAttribute("href", "/live/s5/broadcast");
    await waitFor(() =>
      expect(
        screen.queryByRole("button", { name: "Follow" }),
      ).not.toBeInTheDocument(),
    );
  });

  it("shows not_found in words", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/users/nobody",
      apiError(404, "not_found"),
    );
    renderWithApp(<ProfileScreen />, {
      route: "/u/nobody",
      path: "/u/:handle",
    });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "We could not find that",
    );
  });
});
