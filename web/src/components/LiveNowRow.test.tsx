import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import {
  ApiMock,
  apiError,
  makeStream,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { LiveNowRow } from "./LiveNowRow";

const page = (items: unknown[]) => ({
  status: 200,
  body: { items, nextCursor: null },
});

const carol = makeUser({ id: "u3", handle: "carol", displayName: "Carol" });

/** The socket the row subscribed on, opened. */
async function openSocket(): Promise<FakeWebSocket> {
  await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
  const ws = FakeWebSocket.latest();
  act(() => ws.serverOpen());
  return ws;
}

function push(ws: FakeWebSocket, stream: unknown) {
  act(() => ws.serverJson({ type: "stream", stream }));
}

function titles(): string[] {
  return screen
    .queryAllByRole("article")
    .map((card) => card.querySelector(".live-card-title")?.textContent ?? "");
}

describe("LiveNowRow", () => {
  it("shows each stream's picture, full title, audience and creator, linking to it", async () => {
    const api = mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      page([
        makeStream({
          id: "s1",
          title: "Sunday morning run along the river",
          thumbnailUrl: "/media/live/s1/thumbnail.jpg",
          viewerCount: 1,
        }),
        makeStream({
          id: "s2",
          title: "Cook",
          author: carol,
          thumbnailUrl: null,
          viewerCount: 12,
          gating: "paid",
          priceCredits: 30,
        }),
      ]),
    );
    renderWithApp(
      <LiveNowRow scope="following" title="Live now" emptyText="Nobody" />,
    );
    const run = await screen.findByRole("article", {
      name: "Sunday morning run along the river",
    });
    const runLink = within(run).getByRole("link", { name: /Sunday morning/ });
    expect(runLink).toHaveAttribute("href", "/live/s1");
    expect(
      within(run).getByRole("img", {
        name: "Live preview of “Sunday morning run along the river”",
      }),
    ).toHaveAttribute("src", "/media/live/s1/thumbnail.jpg");
    expect(runLink).toHaveTextContent("1 viewer");
    expect(within(run).getByRole("link", { name: "Bob" })).toHaveAttribute(
      "href",
      "/u/bob",
    );
    // Everyone in the following row is followed already.
    expect(
      within(run).getByRole("button", { name: "Unfollow" }),
    ).toBeInTheDocument();

    const cook = screen.getByRole("article", { name: "Cook" });
    // No picture yet: the creator's initials stand in.
    expect(
      within(within(cook).getByRole("link", { name: /Cook/ })).getByRole(
        "img",
        { name: "Carol" },
      ),
    ).toHaveTextContent("C");
    expect(cook).toHaveTextContent("12 viewers");
    expect(cook).toHaveTextContent("30 credits");
    expect(api.callsTo("GET /api/live-streams")[0]?.url).toBe(
      "/api/live-streams?scope=following&limit=20",
    );
  });

  it("blurs the picture of a sensitive stream", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      page([
        makeStream({
          sensitivity: "sensitive",
          thumbnailUrl: "/media/live/s1/thumbnail.jpg",
        }),
      ]),
    );
    renderWithApp(<LiveNowRow scope="all" title="Live" emptyText="Nobody" />);
    const image = await screen.findByRole("img", { name: /Live preview/ });
    expect(image.parentElement).toHaveClass("live-thumb", "sensitive");
    expect(screen.getByRole("article")).toHaveTextContent("sensitive");
  });

  it("offers a visitor to sign in to follow", async () => {
    new ApiMock()
      .on("GET /api/me", apiError(401, "unauthenticated"))
      .on("GET /api/live-streams", page([makeStream()]));
    renderWithApp(<LiveNowRow scope="all" title="Live" emptyText="Nobody" />);
    expect(
      await screen.findByRole("link", { name: "Sign in to follow" }),
    ).toBeInTheDocument();
  });

  it("says so when nobody is live", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/live-streams", page([]));
    renderWithApp(
      <LiveNowRow
        scope="all"
        title="All live"
        emptyText="No live streams right now."
      />,
    );
    expect(
      await screen.findByText("No live streams right now."),
    ).toBeInTheDocument();
  });

  it("subscribes to the live topic and applies pushes without asking the server", async () => {
    const api = mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      page([makeStream({ id: "s1", title: "Run" })]),
    );
    renderWithApp(<LiveNowRow scope="all" title="Live" emptyText="Nobody" />);
    await screen.findByText("Run");
    const ws = await openSocket();
    expect(ws.sentJson()).toContainEqual({ type: "subscribe", topic: "live" });

    push(ws, makeStream({ id: "s2", title: "New one", author: carol }));
    expect(titles()).toEqual(["New one", "Run"]);
    push(ws, makeStream({ id: "s2", title: "Renamed", author: carol }));
    push(ws, makeStream({ id: "s2", title: "Renamed", author: carol }));
    expect(titles()).toEqual(["Renamed", "Run"]);
    push(ws, makeStream({ id: "s1", title: "Run", status: "interrupted" }));
    expect(screen.getByRole("article", { name: "Run" })).toHaveTextContent(
      "Paused",
    );
    push(ws, makeStream({ id: "s1", status: "ended" }));
    expect(titles()).toEqual(["Renamed"]);
    expect(api.callsTo("GET /api/live-streams")).toHaveLength(1);
  });

  it("never shows again a stream that ended while a list was on its way", async () => {
    let answer: (value?: unknown) => void = () => undefined;
    mockSignedIn(new ApiMock()).on("GET /api/live-streams", {
      ...page([makeStream({ id: "s1", title: "Run" })]),
      after: new Promise((resolve) => (answer = resolve)),
    });
    renderWithApp(<LiveNowRow scope="all" title="Live" emptyText="Nobody" />);
    const ws = await openSocket();
    push(ws, makeStream({ id: "s1", status: "ended" }));
    answer();
    expect(await screen.findByText("Nobody")).toBeInTheDocument();
  });

  it("asks the server about a followed-row push from an author it does not know, once", async () => {
    const api = mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      page([makeStream({ id: "s1", title: "Run" })]),
      page([makeStream({ id: "s1", title: "Run" })]),
      page([
        makeStream({ id: "s4", title: "Carol's show", author: carol }),
        makeStream({ id: "s1", title: "Run" }),
      ]),
    );
    renderWithApp(
      <LiveNowRow scope="following" title="Live" emptyText="Nobody" />,
    );
    await screen.findByText("Run");
    const ws = await openSocket();

    // A stranger: the answer does not list them, so their next pushes are ignored.
    const dave = makeUser({ id: "u4", handle: "dave" });
    push(ws, makeStream({ id: "s3", title: "Dave live", author: dave }));
    await waitFor(() =>
      expect(api.callsTo("GET /api/live-streams")).toHaveLength(2),
    );
    push(ws, makeStream({ id: "s3", title: "Dave again", author: dave }));
    expect(screen.queryByText(/Dave/)).not.toBeInTheDocument();

    // A known author is updated in place.
    push(ws, makeStream({ id: "s1", title: "Run, part 2" }));
    expect(titles()).toEqual(["Run, part 2"]);
    expect(api.callsTo("GET /api/live-streams")).toHaveLength(2);

    // Someone followed who just went live.
    push(ws, makeStream({ id: "s4", title: "Carol's show", author: carol }));
    expect(await screen.findByText("Carol's show")).toBeInTheDocument();
    expect(api.callsTo("GET /api/live-streams")).toHaveLength(3);
  });

  it("subscribes again and catches up after the socket reconnects", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      page([makeStream({ id: "s1", title: "Run" })]),
      page([makeStream({ id: "s5", title: "Started meanwhile" })]),
    );
    renderWithApp(<LiveNowRow scope="all" title="Live" emptyText="Nobody" />);
    await screen.findByText("Run");
    const first = await openSocket();
    act(() => first.serverClose(1006));
    await act(() => vi.advanceTimersByTimeAsync(1500));
    const second = FakeWebSocket.latest();
    expect(second).not.toBe(first);
    act(() => second.serverOpen());
    expect(second.sentJson()).toEqual([{ type: "subscribe", topic: "live" }]);
    expect(await screen.findByText("Started meanwhile")).toBeInTheDocument();
    expect(api.callsTo("GET /api/live-streams")).toHaveLength(2);
  });

  it("refreshes periodically for the viewer counts", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      page([makeStream({ viewerCount: 2 })]),
      page([makeStream({ viewerCount: 7 })]),
    );
    renderWithApp(
      <LiveNowRow
        scope="following"
        title="Live"
        emptyText="Nobody"
        refreshMs={10_000}
      />,
    );
    expect(await screen.findByText(/2 viewers/)).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(await screen.findByText(/7 viewers/)).toBeInTheDocument();
    expect(api.callsTo("GET /api/live-streams")).toHaveLength(2);
  });

  it("shows an error with retry when the list cannot load", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      apiError(500, "internal"),
      page([]),
    );
    renderWithApp(
      <LiveNowRow scope="all" title="All live" emptyText="Empty" />,
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The server had a problem",
    );
    act(() => screen.getByRole("button", { name: "Retry" }).click());
    expect(await screen.findByText("Empty")).toBeInTheDocument();
  });
});
