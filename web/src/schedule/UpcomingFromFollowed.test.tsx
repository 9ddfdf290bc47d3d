import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  ApiMock,
  makeReel,
  makeScheduled,
  makeStream,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import {
  creatorsToAsk,
  maxCreators,
  maxShown,
  soonestOf,
  UpcomingFromFollowed,
} from "./UpcomingFromFollowed";

const alice = makeUser();
const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });
const carol = makeUser({ id: "u3", handle: "carol", displayName: "Carol" });
const dave = makeUser({ id: "u4", handle: "dave", displayName: "Dave" });

const list = (items: unknown[]) => ({ status: 200, body: { items } });
const page = (items: unknown[]) => ({
  status: 200,
  body: { items, nextCursor: null, unreadCount: 0 },
});

function notification(type: string, actor = bob) {
  return {
    id: `n-${type}-${actor.id}`,
    type,
    actor,
    title: "t",
    body: "",
    link: "/scheduled/x",
    createdAt: "2026-12-01T10:00:00.000Z",
    readAt: null,
    subjectId: "x",
  };
}

const at = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString();

describe("UpcomingFromFollowed", () => {
  it("asks the user and the creators the client knows they follow, at most 8", () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      makeUser({ id: `f${i}`, handle: `f${i}` }),
    );
    const asked = creatorsToAsk(
      alice,
      [
        notification("LIVE_STREAM_SCHEDULED", carol),
        notification("LIVE_STREAM_STARTED", dave),
      ],
      [bob, carol, ...many],
    );
    expect(asked.map((u) => u.handle).slice(0, 3)).toEqual([
      "alice",
      "carol",
      "bob",
    ]);
    expect(asked.map((u) => u.handle)).not.toContain("dave");
    expect(asked).toHaveLength(maxCreators);
  });

  it("keeps upcoming and live entries, soonest first, at most 6", () => {
    const lists = new Map([
      ["u2", [makeScheduled({ id: "late", startsAt: at(90) })]],
      [
        "u3",
        [
          makeScheduled({ id: "gone", status: "cancelled", startsAt: at(1) }),
          ...Array.from({ length: 7 }, (_, i) =>
            makeScheduled({ id: `c${i}`, startsAt: at(10 + i) }),
          ),
        ],
      ],
    ]);
    const shown = soonestOf(lists).map((e) => e.id);
    expect(shown).toHaveLength(maxShown);
    expect(shown[0]).toBe("c0");
    expect(shown).not.toContain("gone");
    expect(shown).not.toContain("late");
  });

  it("shows the followed creators' upcoming lives on the home screen and follows new ones", async () => {
    const api = mockSignedIn(new ApiMock(), alice)
      .on(
        "GET /api/notifications",
        page([notification("LIVE_STREAM_SCHEDULED", carol)]),
      )
      .on("GET /api/live-streams", page([makeStream({ author: bob })]))
      .on("GET /api/reels", page([makeReel({ author: bob })]))
      .on("GET /api/users/alice/scheduled-lives", list([]))
      .on("GET /api/users/bob/scheduled-lives", list([]))
      .on(
        "GET /api/users/carol/scheduled-lives",
        list([
          makeScheduled({ id: "c1", author: carol, title: "Carol's Q&A" }),
        ]),
      )
      .on(
        "GET /api/users/dave/scheduled-lives",
        list([
          makeScheduled({
            id: "d1",
            author: dave,
            title: "Dave's gig",
            startsAt: at(5 * 60),
          }),
        ]),
      );
    renderWithApp(<UpcomingFromFollowed />);
    const section = await screen.findByRole("region", {
      name: "Upcoming lives",
    });
    const item = within(section).getByRole("article", { name: "Carol's Q&A" });
    expect(within(item).getByRole("link", { name: "Carol" })).toHaveAttribute(
      "href",
      "/u/carol",
    );
    expect(
      within(item).getByRole("button", { name: "Remind me" }),
    ).toBeInTheDocument();
    expect(api.callsTo("GET /api/users/bob/scheduled-lives")).toHaveLength(1);

    // Dave schedules a live: his notification brings his schedule.
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    act(() =>
      ws.serverJson({
        type: "notification",
        notification: notification("LIVE_STREAM_SCHEDULED", dave),
      }),
    );
    await within(section).findByRole("article", { name: "Dave's gig" });
    const titles = within(section)
      .getAllByRole("article")
      .map((a) => a.querySelector(".scheduled-item-title")?.textContent);
    expect(titles).toEqual(["Carol's Q&A", "Dave's gig"]);
  });

  it("is absent while no one has a live scheduled", async () => {
    const api = mockSignedIn(new ApiMock(), alice)
      .on("GET /api/live-streams", page([]))
      .on("GET /api/reels", page([]))
      .on("GET /api/users/alice/scheduled-lives", list([]));
    renderWithApp(<UpcomingFromFollowed />);
    await waitFor(() =>
      expect(api.callsTo("GET /api/users/alice/scheduled-lives")).toHaveLength(
        1,
      ),
    );
    expect(screen.queryByRole("region", { name: "Upcoming lives" })).toBeNull();
  });
});
