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
import { NavBar } from "../components/NavBar";
import { renderWithApp } from "../test/render";
import { ProfileScreen } from "./ProfileScreen";

const bob = makeUser({
  id: "u2",
  handle: "bob",
  displayName: "Bob",
  bio: "I run.\nI cook.",
});

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

const reels = {
  status: 200,
  body: { items: [makeReel({ id: "r7", title: "Beach" })], nextCursor: null },
};

function renderProfile(handle = "bob") {
  return renderWithApp(<ProfileScreen />, {
    route: `/u/${handle}`,
    path: "/u/:handle",
  });
}

/** The "N followers · M following" line. */
function counts(text: string) {
  return screen.getByText(
    (_, el) => el?.tagName === "P" && el.textContent === text,
  );
}

describe("ProfileScreen", () => {
  it("shows a visitor who the creator is, their reels, and how to follow and share", async () => {
    new ApiMock()
      .on("GET /api/me", apiError(401, "unauthenticated"))
      .on("GET /api/users/bob", profile())
      .on("GET /api/users/bob/reels", reels);
    renderProfile();
    expect(
      await screen.findByRole("heading", { level: 1, name: "Bob" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Bob" })).toHaveTextContent("B");
    expect(screen.getByText("@bob")).toBeInTheDocument();
    expect(screen.getByText(/I run\./)).toHaveTextContent("I run. I cook.");
    expect(counts("10 followers · 3 following")).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Sign in to follow" }),
    ).toHaveAttribute("href", "/login?next=%2Fu%2Fbob");
    expect(
      screen.getByRole("button", { name: /Share|Copy link/ }),
    ).toBeInTheDocument();
    expect(screen.getByText("Not live right now.")).toBeInTheDocument();
    const grid = within(await screen.findByRole("region", { name: "Reels" }));
    expect(await grid.findByRole("link", { name: /Beach/ })).toHaveAttribute(
      "href",
      "/reels/r7",
    );
    expect(
      screen.queryByRole("button", { name: "Edit profile" }),
    ).not.toBeInTheDocument();
  });

  it("shows the uploaded picture", async () => {
    mockSignedIn(new ApiMock())
      .on(
        "GET /api/users/bob",
        profile({ user: { ...bob, avatarUrl: "/media/avatars/u2" } }),
      )
      .on("GET /api/users/bob/reels", reels);
    renderProfile();
    expect(await screen.findByRole("img", { name: "Bob" })).toHaveAttribute(
      "src",
      "/media/avatars/u2",
    );
  });

  it("follows and unfollows, counting 1 follower and N followers", async () => {
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/users/bob", profile({ followerCount: 0 }))
      .on("GET /api/users/bob/reels", reels)
      .on("POST /api/users/bob/follow", { status: 204 })
      .on("DELETE /api/users/bob/follow", { status: 204 });
    renderProfile();
    await screen.findByRole("heading", { level: 1, name: "Bob" });
    expect(counts("0 followers · 3 following")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Follow" }));
    await screen.findByRole("button", { name: "Unfollow" });
    expect(counts("1 follower · 3 following")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Unfollow" }));
    await screen.findByRole("button", { name: "Follow" });
    expect(counts("0 followers · 3 following")).toBeInTheDocument();
    expect(api.callsTo("POST /api/users/bob/follow")).toHaveLength(1);
    expect(api.callsTo("DELETE /api/users/bob/follow")).toHaveLength(1);
  });

  it("shows the live stream of a creator who is live", async () => {
    mockSignedIn(new ApiMock())
      .on(
        "GET /api/users/bob",
        profile({
          liveStream: makeStream({ id: "s4", title: "Q&A", viewerCount: 1 }),
        }),
      )
      .on("GET /api/users/bob/reels", reels);
    renderProfile();
    const card = await screen.findByRole("region", { name: "Live now" });
    expect(
      within(card).getByRole("heading", { name: "Q&A" }),
    ).toBeInTheDocument();
    expect(card).toHaveTextContent("1 viewer");
    expect(within(card).getByRole("link", { name: "Watch" })).toHaveAttribute(
      "href",
      "/live/s4",
    );
  });

  it("lets you edit your own profile, and the whole app sees the change", async () => {
    const me = makeUser({ id: "u1", handle: "alice", displayName: "Alice" });
    mockSignedIn(new ApiMock(), me)
      .on("GET /api/users/alice", {
        status: 200,
        body: {
          user: me,
          followerCount: 1,
          followingCount: 1,
          isFollowing: false,
          liveStream: makeStream({ id: "s5", author: me }),
        },
      })
      .on("GET /api/users/alice/reels", reels)
      .on("PATCH /api/me", {
        status: 200,
        body: { user: { ...me, displayName: "Alice B", bio: "Hi" } },
      });
    renderWithApp(
      <>
        <NavBar />
        <ProfileScreen />
      </>,
      { route: "/u/alice", path: "/u/:handle" },
    );
    expect(
      await screen.findByRole("link", { name: "Broadcast controls" }),
    ).toHaveAttribute("href", "/live/s5/broadcast");
    await waitFor(() =>
      expect(
        screen.queryByRole("button", { name: "Follow" }),
      ).not.toBeInTheDocument(),
    );

    await userEvent.click(screen.getByRole("button", { name: "Edit profile" }));
    const name = screen.getByLabelText("Display name");
    await userEvent.clear(name);
    await userEvent.type(name, "Alice B");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(
      await screen.findByRole("heading", { level: 1, name: "Alice B" }),
    ).toBeInTheDocument();
    expect(screen.getByText("Hi")).toBeInTheDocument();
    const nav = within(screen.getByRole("navigation", { name: "Main" }));
    expect(nav.getByRole("img", { name: "Alice B" })).toBeInTheDocument();
  });

  it("reports another user by id, but never oneself", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/users/bob", profile())
      .on("GET /api/users/bob/reels", reels)
      .on("POST /api/reports", { status: 201, body: { report: {} } });
    renderProfile();
    await user.click(
      await screen.findByRole("button", { name: "Report @bob" }),
    );
    const dialog = screen.getByRole("dialog", { name: "Report @bob" });
    await user.type(within(dialog).getByRole("textbox"), "Impersonates me");
    await user.click(
      within(dialog).getByRole("button", { name: "Send report" }),
    );
    await within(dialog).findByText("Thanks — operators will look at it.");
    expect(api.callsTo("POST /api/reports")[0]?.body).toEqual({
      itemType: "user",
      itemId: "u2",
      reason: "Impersonates me",
    });
  });

  it("offers no report on one's own profile", async () => {
    mockSignedIn(new ApiMock(), bob)
      .on("GET /api/users/bob", profile())
      .on("GET /api/users/bob/reels", reels);
    renderProfile();
    await screen.findByRole("button", { name: "Edit profile" });
    expect(screen.queryByRole("button", { name: /^Report/ })).toBeNull();
  });

  it("shows not_found in words", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/users/nobody",
      apiError(404, "not_found"),
    );
    renderProfile("nobody");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "We could not find that",
    );
  });

  it("lists the creator's upcoming lives with Remind me", async () => {
    mockSignedIn(new ApiMock(), makeUser({ id: "u3", handle: "carol" }))
      .on("GET /api/users/bob", profile())
      .on("GET /api/users/bob/reels", reels)
      .on("GET /api/users/bob/scheduled-lives", {
        status: 200,
        body: { items: [makeScheduled({ title: "Sunday Q&A" })] },
      });
    renderProfile();
    const section = await screen.findByRole("region", {
      name: "Upcoming lives",
    });
    const item = await within(section).findByRole("article", {
      name: "Sunday Q&A",
    });
    expect(within(item).getByRole("timer")).toHaveTextContent(/^Starts in/);
    expect(
      within(item).getByRole("button", { name: "Remind me" }),
    ).toBeInTheDocument();
  });
});
