import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import {
  ApiMock,
  apiError,
  makeScheduled,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { UpcomingLives } from "./UpcomingLives";

const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });
const carol = makeUser({ id: "u3", handle: "carol", displayName: "Carol" });

const list = (items: unknown[]) => ({ status: 200, body: { items } });

describe("UpcomingLives", () => {
  it("lists a creator's lives with countdowns, Remind me, and the calendar", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), carol)
      .on(
        "GET /api/users/bob/scheduled-lives",
        list([
          makeScheduled({
            id: "a",
            title: "Live now",
            status: "live",
            streamId: "s4",
          }),
          makeScheduled({ id: "b", title: "Q&A", remindersCount: 4 }),
        ]),
      )
      .on("POST /api/scheduled-lives/b/reminder", { status: 204 });
    renderWithApp(<UpcomingLives creator={bob} isMe={false} />);
    const section = await screen.findByRole("region", {
      name: "Upcoming lives",
    });
    const qa = await within(section).findByRole("article", { name: "Q&A" });
    expect(within(qa).getByRole("link", { name: "Q&A" })).toHaveAttribute(
      "href",
      "/scheduled/b",
    );
    expect(within(qa).getByRole("timer")).toHaveTextContent(/^Starts in/);
    expect(within(qa).getByText("4 reminded")).toBeInTheDocument();
    const remind = within(qa).getByRole("button", { name: "Remind me" });
    expect(remind).toHaveAccessibleDescription("Q&A");
    await user.click(remind);
    await within(qa).findByRole("button", { name: "Remind me", pressed: true });
    expect(within(qa).getByText("5 reminded")).toBeInTheDocument();
    expect(api.callsTo("POST /api/scheduled-lives/b/reminder")).toHaveLength(1);

    const live = within(section).getByRole("article", { name: "Live now" });
    expect(within(live).getByRole("link", { name: "Watch" })).toHaveAttribute(
      "href",
      "/live/s4",
    );
    expect(
      within(live).queryByRole("button", { name: "Remind me" }),
    ).toBeNull();
    expect(
      within(section).getByRole("link", {
        name: "Add @bob's lives to your calendar",
      }),
    ).toHaveAttribute("href", "/api/users/bob/schedule.ics");
    // Countdowns in a list do not speak.
    expect(section.querySelector(".countdown [role=status]")).toBeNull();
  });

  it("asks again when a push is about this creator's lives", async () => {
    const api = mockSignedIn(new ApiMock(), carol).on(
      "GET /api/users/bob/scheduled-lives",
      list([makeScheduled({ id: "b", title: "Q&A" })]),
      list([]),
    );
    renderWithApp(<UpcomingLives creator={bob} isMe={false} />);
    await screen.findByRole("article", { name: "Q&A" });
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    act(() =>
      ws.serverJson({
        type: "scheduled",
        scheduledId: "z",
        authorId: "u9",
        status: "cancelled",
        streamId: null,
      }),
    );
    expect(api.callsTo("GET /api/users/bob/scheduled-lives")).toHaveLength(1);
    act(() =>
      ws.serverJson({
        type: "scheduled",
        scheduledId: "b",
        authorId: "u2",
        status: "cancelled",
        streamId: null,
      }),
    );
    await screen.findByText("No lives scheduled.");
  });

  it("offers its owner to schedule one", async () => {
    mockSignedIn(new ApiMock(), bob).on(
      "GET /api/users/bob/scheduled-lives",
      list([]),
    );
    renderWithApp(<UpcomingLives creator={bob} isMe />);
    await screen.findByText("You have no lives scheduled.");
    expect(
      screen.getByRole("link", { name: "Schedule a live" }),
    ).toHaveAttribute("href", "/scheduled/new");
  });

  it("says when the list cannot be read, with a retry", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), carol).on(
      "GET /api/users/bob/scheduled-lives",
      apiError(500, "internal"),
      list([]),
    );
    renderWithApp(<UpcomingLives creator={bob} isMe={false} />);
    await user.click(await screen.findByRole("button", { name: "Retry" }));
    await screen.findByText("No lives scheduled.");
  });
});
