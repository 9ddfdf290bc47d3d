import { render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { MemoryRouter, useLocation } from "react-router";
import { App } from "./App";
import {
  ApiMock,
  apiError,
  makeReel,
  makeStream,
  makeUser,
  mockSignedIn,
} from "./test/apiMock";

function Where() {
  const location = useLocation();
  return <div data-testid="where">{location.pathname + location.search}</div>;
}

function renderApp(route: string) {
  return render(
    <MemoryRouter initialEntries={[route]}>
      <App />
      <Where />
    </MemoryRouter>,
  );
}

function signedOut(): ApiMock {
  return new ApiMock()
    .on("GET /api/me", apiError(401, "unauthenticated"))
    .on("GET /api/reels", {
      status: 200,
      body: { items: [], nextCursor: null },
    })
    .on("GET /api/live-streams", {
      status: 200,
      body: { items: [], nextCursor: null },
    });
}

describe("App routes", () => {
  it("serves the reels screen at /", async () => {
    mockSignedIn(signedOut());
    renderApp("/");
    expect(
      await screen.findByRole("heading", { name: "Reels" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "onair home" }),
    ).toBeInTheDocument();
  });

  it("sends signed-out users from /live/new to log in and back", async () => {
    signedOut();
    renderApp("/live/new");
    await waitFor(() =>
      expect(screen.getByTestId("where")).toHaveTextContent(
        "/login?next=%2Flive%2Fnew",
      ),
    );
    expect(screen.getByRole("heading", { name: "Log in" })).toBeInTheDocument();
  });

  it("routes /live/:id to the viewer and /live/:id/broadcast to the broadcaster", async () => {
    const api = mockSignedIn(signedOut())
      .on(
        "POST /api/live-streams/s1/join",
        apiError(403, "sensitive_content_not_acknowledged"),
      )
      .on("GET /api/live-streams/s1", {
        status: 200,
        body: { stream: makeStream({ id: "s1" }) },
      });
    const first = renderApp("/live/s1");
    expect(
      await screen.findByRole("heading", { name: "Sensitive content" }),
    ).toBeInTheDocument();
    first.unmount();
    renderApp("/live/s1/broadcast");
    expect(
      await screen.findByText("Only @bob can broadcast this stream."),
    ).toBeInTheDocument();
    expect(api.callsTo("POST /api/live-streams/s1/join")).toHaveLength(1);
  });

  it("routes /admin and /admin/streams/:id to the operators' screens", async () => {
    mockSignedIn(signedOut(), makeUser({ isAdmin: true }))
      .on("GET /api/admin/overview", apiError(500, "internal"))
      .on("GET /api/admin/streams", {
        status: 200,
        body: { items: [], nextCursor: null },
      })
      .on("GET /api/live-streams/s1", apiError(404, "not_found"))
      .on("GET /api/live-streams/s1/analytics", apiError(404, "not_found"))
      .on("GET /api/admin/streams/s1/analytics", apiError(404, "not_found"));
    const first = renderApp("/admin");
    expect(
      await screen.findByRole("heading", { name: "Operators’ dashboard" }),
    ).toBeInTheDocument();
    expect(await screen.findByText("No streams yet.")).toBeInTheDocument();
    first.unmount();
    renderApp("/admin/streams/s1");
    expect(
      await screen.findByText("This stream does not exist."),
    ).toBeInTheDocument();
  });

  it("sends signed-out users from /admin to log in and back", async () => {
    signedOut();
    renderApp("/admin");
    await waitFor(() =>
      expect(screen.getByTestId("where")).toHaveTextContent(
        "/login?next=%2Fadmin",
      ),
    );
  });

  it("lets visitors see profiles, reels and live streams without signing in", async () => {
    signedOut()
      .on("GET /api/users/bob", {
        status: 200,
        body: {
          user: makeUser({ id: "u2", handle: "bob", displayName: "Bob" }),
          followerCount: 0,
          followingCount: 0,
          isFollowing: false,
          liveStream: null,
        },
      })
      .on("GET /api/users/bob/reels", {
        status: 200,
        body: { items: [], nextCursor: null },
      })
      .on("GET /api/reels/r1", {
        status: 200,
        body: { reel: makeReel({ id: "r1", title: "Beach" }) },
      })
      .on("GET /api/live-streams/s1", {
        status: 200,
        body: { stream: makeStream({ id: "s1" }) },
      })
      .on(
        "POST /api/live-streams/s1/join",
        apiError(403, "sensitive_content_not_acknowledged"),
      );
    for (const [route, heading] of [
      ["/", "Reels"],
      ["/u/bob", "Bob"],
      ["/reels/r1", "Beach"],
    ] as const) {
      const view = renderApp(route);
      expect(
        await screen.findByRole("heading", { level: 1, name: heading }),
      ).toBeInTheDocument();
      expect(screen.getByTestId("where")).toHaveTextContent(route);
      view.unmount();
    }
    renderApp("/live/s1");
    expect(
      await screen.findByRole("heading", { name: "Sensitive content" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("where")).toHaveTextContent("/live/s1");
  });

  it("routes a creator's /live/:id/analytics to their stream's numbers, and visitors to log in", async () => {
    mockSignedIn(signedOut())
      .on("GET /api/live-streams/s1", {
        status: 200,
        body: { stream: makeStream({ id: "s1", title: "Morning run" }) },
      })
      .on(
        "GET /api/live-streams/s1/analytics",
        apiError(403, "not_stream_owner"),
      );
    const first = renderApp("/live/s1/analytics");
    expect(
      await screen.findByRole("heading", { name: "Not your stream" }),
    ).toBeInTheDocument();
    first.unmount();

    signedOut();
    renderApp("/live/s1/analytics");
    await waitFor(() =>
      expect(screen.getByTestId("where")).toHaveTextContent(
        "/login?next=%2Flive%2Fs1%2Fanalytics",
      ),
    );
  });

  it("routes /settings/moderation to the moderation settings, linked from the notification settings", async () => {
    mockSignedIn(signedOut())
      .on("GET /api/me/notification-preferences", {
        status: 200,
        body: { preferences: {}, mutedCreators: [] },
      })
      .on("GET /api/me/moderators", { status: 200, body: { items: [] } })
      .on("GET /api/me/chat-settings", {
        status: 200,
        body: {
          chatSettings: {
            slowModeSeconds: 0,
            followersOnlyChat: false,
            blockedWords: [],
          },
        },
      })
      .on("GET /api/users/alice/bans", { status: 200, body: { items: [] } });
    renderApp("/settings/notifications");
    const link = await screen.findByRole("link", { name: "Moderation" });
    expect(link).toHaveAttribute("href", "/settings/moderation");
    link.click();
    expect(
      await screen.findByRole("heading", { level: 1, name: "Moderation" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("where")).toHaveTextContent(
      "/settings/moderation",
    );
  });

  it("keeps /admin/streams/:id for operators", async () => {
    const api = mockSignedIn(signedOut(), makeUser({ isAdmin: false }));
    renderApp("/admin/streams/s1");
    expect(
      await screen.findByText("Only operators can see this page."),
    ).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path.includes("/s1"))).toEqual([]);
  });

  it("shows a not-found page for unknown paths", () => {
    signedOut();
    renderApp("/nowhere");
    expect(
      screen.getByRole("heading", { name: "Page not found" }),
    ).toBeInTheDocument();
  });

  it("keeps the app usable when a screen crashes", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    mockSignedIn(signedOut()).on("GET /api/users/bob", {
      status: 200,
      body: { user: null },
    }); // malformed
    renderApp("/u/bob");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Something went wrong on this profile",
    );
    expect(
      screen.getByRole("link", { name: "onair home" }),
    ).toBeInTheDocument();
  });
});
