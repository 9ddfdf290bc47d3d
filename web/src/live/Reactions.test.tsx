import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, apiError, mockSignedIn } from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { Reactions } from "./Reactions";

function renderReactions() {
  const api = mockSignedIn(new ApiMock()).on(
    "POST /api/live-streams/s1/reactions",
    { status: 204 },
  );
  renderWithApp(<Reactions streamId="s1" />);
  return api;
}

async function openEventSocket(): Promise<FakeWebSocket> {
  await waitFor(() =>
    expect(FakeWebSocket.instances.some((s) => s.url.endsWith("/ws"))).toBe(
      true,
    ),
  );
  const ws = FakeWebSocket.instances.find((s) => s.url.endsWith("/ws"))!;
  act(() => ws.serverOpen());
  return ws;
}

function bursts(kind?: string): HTMLElement[] {
  return screen
    .queryAllByTestId("reaction-burst")
    .filter((b) => kind === undefined || b.dataset.kind === kind);
}

const button = (name: string) =>
  screen.getByRole("button", { name: `React with ${name}` });

describe("Reactions", () => {
  it("offers five named reactions and sends the kind pressed", async () => {
    const user = userEvent.setup();
    const api = renderReactions();
    const group = screen.getByRole("group", { name: "Reactions" });
    expect(group).toBeInTheDocument();
    for (const name of ["heart", "fire", "clap", "laugh", "wow"]) {
      await user.click(button(name));
    }
    await waitFor(() =>
      expect(api.callsTo("POST /api/live-streams/s1/reactions")).toHaveLength(
        5,
      ),
    );
    expect(
      api.callsTo("POST /api/live-streams/s1/reactions").map((c) => c.body),
    ).toEqual([
      { kind: "heart" },
      { kind: "fire" },
      { kind: "clap" },
      { kind: "laugh" },
      { kind: "wow" },
    ]);
    expect(button("heart")).toHaveTextContent("❤️");
    expect(button("wow")).toHaveTextContent("😮");
  });

  it("floats a short burst for each batch and counts this visit's reactions", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderReactions();
    const ws = await openEventSocket();
    expect(bursts()).toHaveLength(0);

    act(() =>
      ws.serverJson({
        type: "reactions",
        streamId: "s1",
        counts: { heart: 2, fire: 1 },
      }),
    );
    expect(bursts("heart")).toHaveLength(2);
    expect(bursts("fire")).toHaveLength(1);
    expect(bursts("fire")[0]).toHaveTextContent("🔥");
    expect(button("heart")).toHaveAccessibleDescription("2 so far");
    expect(button("fire")).toHaveAccessibleDescription("1 so far");
    expect(button("clap")).toHaveAccessibleDescription("");

    // A big batch shows a few floating hearts, and counts them all.
    act(() =>
      ws.serverJson({
        type: "reactions",
        streamId: "s1",
        counts: { heart: 40 },
      }),
    );
    expect(bursts("heart")).toHaveLength(5);
    expect(button("heart")).toHaveAccessibleDescription("42 so far");

    // Another stream's reactions are not this one's.
    act(() =>
      ws.serverJson({
        type: "reactions",
        streamId: "s2",
        counts: { wow: 3 },
      }),
    );
    expect(bursts("wow")).toHaveLength(0);
    expect(button("wow")).toHaveAccessibleDescription("");

    await act(() => vi.advanceTimersByTimeAsync(2500));
    expect(bursts()).toHaveLength(0);
    expect(button("heart")).toHaveAccessibleDescription("42 so far");
  });

  it("rests the buttons briefly after a rate-limited click, without an error", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({
      advanceTimers: (ms) => vi.advanceTimersByTime(ms),
    });
    const api = renderReactions();
    api.on(
      "POST /api/live-streams/s1/reactions",
      apiError(429, "rate_limited"),
      { status: 204 },
    );
    await user.click(button("clap"));
    await waitFor(() =>
      expect(button("clap")).toHaveAttribute("aria-disabled", "true"),
    );
    expect(button("heart")).toHaveAttribute("aria-disabled", "true");
    expect(screen.queryByRole("alert")).toBeNull();

    await user.click(button("clap")); // resting: not sent
    expect(api.callsTo("POST /api/live-streams/s1/reactions")).toHaveLength(1);

    await act(() => vi.advanceTimersByTimeAsync(1100));
    expect(button("clap")).not.toHaveAttribute("aria-disabled");
    await user.click(button("clap"));
    await waitFor(() =>
      expect(api.callsTo("POST /api/live-streams/s1/reactions")).toHaveLength(
        2,
      ),
    );
  });

  it("stays quiet when a reaction fails for another reason", async () => {
    const user = userEvent.setup();
    const api = renderReactions();
    api.on(
      "POST /api/live-streams/s1/reactions",
      apiError(409, "stream_ended"),
    );
    await user.click(button("fire"));
    await waitFor(() =>
      expect(api.callsTo("POST /api/live-streams/s1/reactions")).toHaveLength(
        1,
      ),
    );
    await act(() => Promise.resolve());
    expect(screen.queryByRole("alert")).toBeNull();
    expect(button("fire")).not.toHaveAttribute("aria-disabled");
  });
});
