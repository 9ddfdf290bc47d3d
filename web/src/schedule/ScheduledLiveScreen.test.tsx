import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import {
  ApiMock,
  apiError,
  makeScheduled,
  makeStream,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import {
  readPublishCredentials,
  takeHandedOffMedia,
} from "../live/broadcastHandoff";
import { ScheduledLiveScreen } from "./ScheduledLiveScreen";

const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });
const carol = makeUser({ id: "u3", handle: "carol", displayName: "Carol" });

function entryReply(overrides = {}) {
  return { status: 200, body: { scheduled: makeScheduled(overrides) } };
}

function renderEntry(id = "sch1") {
  return renderWithApp(<ScheduledLiveScreen />, {
    route: `/scheduled/${id}`,
    path: "/scheduled/:id",
  });
}

async function openSocket(): Promise<FakeWebSocket> {
  await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
  const ws = FakeWebSocket.latest();
  act(() => ws.serverOpen());
  return ws;
}

function location() {
  return screen.getByTestId("location");
}

describe("ScheduledLiveScreen", () => {
  it("shows a visitor the live, its countdown and calendar, and a sign-in link for reminders", async () => {
    const api = new ApiMock()
      .on("GET /api/me", apiError(401, "unauthenticated"))
      .on("GET /api/scheduled-lives/sch1", entryReply({ remindersCount: 2 }));
    renderEntry();
    await screen.findByRole("heading", { level: 1, name: "Q&A on Sunday" });
    expect(screen.getByRole("link", { name: "Bob" })).toHaveAttribute(
      "href",
      "/u/bob",
    );
    expect(screen.getByText("Upcoming")).toBeInTheDocument();
    expect(screen.getByText("Bring questions.")).toBeInTheDocument();
    expect(screen.getByRole("timer")).toHaveTextContent(
      /^Starts in (19|20) min \d\d s$/,
    );
    expect(screen.getByText("2 people will be reminded.")).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Sign in to be reminded" }),
    ).toHaveAttribute("href", "/login?next=%2Fscheduled%2Fsch1");
    expect(screen.queryByRole("button", { name: "Remind me" })).toBeNull();
    const calendar = screen.getByRole("link", { name: "Add to calendar" });
    expect(calendar).toHaveAttribute("href", "/api/users/bob/schedule.ics");
    expect(calendar).toHaveAccessibleDescription(/@bob's public lives/);
    expect(screen.queryByRole("button", { name: /Go live now/ })).toBeNull();
    // The page listens to the live topic.
    const ws = await openSocket();
    expect(ws.sentJson()).toContainEqual({ type: "subscribe", topic: "live" });
    expect(api.callsTo("GET /api/scheduled-lives/sch1")).toHaveLength(1);
  });

  it("lets a viewer ask to be reminded and stop asking", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), carol)
      .on("GET /api/scheduled-lives/sch1", entryReply())
      .on("POST /api/scheduled-lives/sch1/reminder", { status: 204 })
      .on("DELETE /api/scheduled-lives/sch1/reminder", { status: 204 });
    renderEntry();
    const remind = await screen.findByRole("button", {
      name: "Remind me",
      pressed: false,
    });
    expect(
      screen.getByText("No one asked to be reminded yet."),
    ).toBeInTheDocument();
    await user.click(remind);
    await screen.findByRole("button", { name: "Remind me", pressed: true });
    expect(screen.getByText("1 person will be reminded.")).toBeInTheDocument();
    expect(
      screen.getByText("We will remind you 10 minutes before it starts."),
    ).toBeInTheDocument();
    expect(api.callsTo("POST /api/scheduled-lives/sch1/reminder")).toHaveLength(
      1,
    );
    await user.click(screen.getByRole("button", { name: "Remind me" }));
    await screen.findByRole("button", { name: "Remind me", pressed: false });
    expect(
      screen.getByText("No one asked to be reminded yet."),
    ).toBeInTheDocument();
    expect(
      api.callsTo("DELETE /api/scheduled-lives/sch1/reminder"),
    ).toHaveLength(1);
  });

  it("says when the live was cancelled meanwhile (409) and shows it cancelled", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), carol)
      .on("GET /api/scheduled-lives/sch1", entryReply())
      .on(
        "POST /api/scheduled-lives/sch1/reminder",
        apiError(409, "conflict", { status: "cancelled" }),
      );
    renderEntry();
    await user.click(await screen.findByRole("button", { name: "Remind me" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This live was cancelled.",
    );
    expect(screen.getByText("Cancelled")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Remind me" })).toBeNull();
    expect(screen.queryByRole("timer")).toBeNull();
  });

  it("becomes the live page when the live starts, without a reload", async () => {
    mockSignedIn(new ApiMock(), carol).on(
      "GET /api/scheduled-lives/sch1",
      entryReply(),
    );
    renderEntry();
    await screen.findByRole("heading", { name: "Q&A on Sunday" });
    const ws = await openSocket();
    // About another entry: nothing happens.
    act(() =>
      ws.serverJson({
        type: "scheduled",
        scheduledId: "other",
        authorId: "u2",
        status: "live",
        streamId: "s8",
      }),
    );
    expect(location()).toHaveTextContent("/scheduled/sch1");
    act(() =>
      ws.serverJson({
        type: "scheduled",
        scheduledId: "sch1",
        authorId: "u2",
        status: "live",
        streamId: "s9",
      }),
    );
    await waitFor(() => expect(location()).toHaveTextContent("/live/s9"));
  });

  it("shows a cancellation in place and asks again after a move", async () => {
    const api = mockSignedIn(new ApiMock(), carol).on(
      "GET /api/scheduled-lives/sch1",
      entryReply(),
      entryReply({ title: "Q&A moved to Monday" }),
    );
    renderEntry();
    await screen.findByRole("heading", { name: "Q&A on Sunday" });
    const ws = await openSocket();
    act(() =>
      ws.serverJson({
        type: "scheduled",
        scheduledId: "sch1",
        authorId: "u2",
        status: "upcoming",
        streamId: null,
      }),
    );
    await screen.findByRole("heading", { name: "Q&A moved to Monday" });
    expect(api.callsTo("GET /api/scheduled-lives/sch1")).toHaveLength(2);
    act(() =>
      ws.serverJson({
        type: "scheduled",
        scheduledId: "sch1",
        authorId: "u2",
        status: "cancelled",
        streamId: null,
      }),
    );
    expect(screen.getByText("Cancelled")).toBeInTheDocument();
    expect(
      screen.getByText("This live was cancelled.", { selector: "p" }),
    ).toHaveAttribute("role", "status");
    expect(screen.queryByRole("button", { name: "Remind me" })).toBeNull();
    expect(location()).toHaveTextContent("/scheduled/sch1");
  });

  it("offers a live one's viewers to watch, and its creator the broadcast controls", async () => {
    mockSignedIn(new ApiMock(), carol).on(
      "GET /api/scheduled-lives/sch1",
      entryReply({ status: "live", streamId: "s9" }),
    );
    renderEntry();
    expect(
      await screen.findByRole("link", { name: "Watch now" }),
    ).toHaveAttribute("href", "/live/s9");
    expect(screen.getByText("Live now")).toBeInTheDocument();
    expect(screen.queryByRole("timer")).toBeNull();
  });

  it("lets the creator go live now: camera on, the entry's stream started, handed to the broadcaster", async () => {
    const user = userEvent.setup();
    const publish = { backend: "builtin", url: "ws://x/publish", token: "pub" };
    let answer = () => undefined as void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const api = mockSignedIn(new ApiMock(), bob)
      .on("GET /api/scheduled-lives/sch1", entryReply())
      .on("POST /api/live-streams", {
        status: 201,
        body: { stream: makeStream({ id: "s9", status: "created" }), publish },
        after: answered,
      });
    renderEntry();
    const section = await screen.findByRole("region", { name: "Your live" });
    expect(screen.queryByRole("button", { name: "Remind me" })).toBeNull();
    expect(screen.queryByRole("link", { name: /Sign in/ })).toBeNull();
    const ws = await openSocket();
    await user.click(
      within(section).getByRole("button", { name: /Go live now/ }),
    );
    await waitFor(() =>
      expect(api.callsTo("POST /api/live-streams")).toHaveLength(1),
    );
    // The server tells the live topic before it answers: the page keeps the camera meanwhile.
    act(() =>
      ws.serverJson({
        type: "scheduled",
        scheduledId: "sch1",
        authorId: "u2",
        status: "live",
        streamId: "s9",
      }),
    );
    expect(location()).toHaveTextContent("/scheduled/sch1");
    answer();
    await waitFor(() =>
      expect(location()).toHaveTextContent("/live/s9/broadcast"),
    );
    expect(api.callsTo("POST /api/live-streams")[0]?.body).toEqual({
      scheduledId: "sch1",
    });
    expect(navigator.mediaDevices.getUserMedia).toHaveBeenCalled();
    const media = takeHandedOffMedia("s9");
    expect(media?.getTracks().map((t) => t.readyState)).toEqual([
      "live",
      "live",
    ]);
    expect(readPublishCredentials("s9")?.token).toBe("pub");
  });

  it("shows its creator a live started elsewhere, with the broadcast controls", async () => {
    mockSignedIn(new ApiMock(), bob).on(
      "GET /api/scheduled-lives/sch1",
      entryReply(),
    );
    renderEntry();
    await screen.findByRole("region", { name: "Your live" });
    const ws = await openSocket();
    act(() =>
      ws.serverJson({
        type: "scheduled",
        scheduledId: "sch1",
        authorId: "u2",
        status: "live",
        streamId: "s9",
      }),
    );
    expect(
      await screen.findByRole("link", { name: "Broadcast controls" }),
    ).toHaveAttribute("href", "/live/s9/broadcast");
    expect(screen.queryByRole("region", { name: "Your live" })).toBeNull();
    expect(location()).toHaveTextContent("/scheduled/sch1");
  });

  it("tells the creator why the live cannot start, and keeps the camera request to a press", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), bob)
      .on("GET /api/scheduled-lives/sch1", entryReply())
      .on("POST /api/live-streams", apiError(409, "already_live"));
    renderEntry();
    const button = await screen.findByRole("button", { name: /Go live now/ });
    expect(navigator.mediaDevices.getUserMedia).not.toHaveBeenCalled();
    await user.click(button);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You already have a live stream open.",
    );
    expect(screen.getByRole("button", { name: /Go live now/ })).toBeEnabled();
    expect(location()).toHaveTextContent("/scheduled/sch1");
  });

  it("lets the creator edit the live; an unchanged time is not sent", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), bob)
      .on("GET /api/scheduled-lives/sch1", entryReply())
      .on("PATCH /api/scheduled-lives/sch1", {
        status: 200,
        body: { scheduled: makeScheduled({ title: "Q&A, part 2" }) },
      });
    renderEntry();
    const edit = await screen.findByRole("button", { name: "Edit" });
    await user.click(edit);
    const form = screen.getByRole("form", { name: "Edit this live" });
    expect(
      screen.getByRole("heading", { name: "Edit this live" }),
    ).toHaveFocus();
    const title = within(form).getByLabelText("Title");
    expect(title).toHaveValue("Q&A on Sunday");
    await user.clear(title);
    await user.type(title, "Q&A, part 2");
    await user.click(
      within(form).getByRole("radio", { name: "Followers only" }),
    );
    await user.click(
      within(form).getByRole("button", { name: "Save changes" }),
    );
    await screen.findByRole("heading", { level: 1, name: "Q&A, part 2" });
    expect(api.callsTo("PATCH /api/scheduled-lives/sch1")[0]?.body).toEqual({
      title: "Q&A, part 2",
      description: "Bring questions.",
      sensitivity: "none",
      gating: "followers",
    });
    expect(screen.queryByRole("form", { name: "Edit this live" })).toBeNull();
    expect(screen.getByText("Your changes are saved.")).toBeInTheDocument();
    await waitFor(() => expect(edit).toHaveFocus());
  });

  it("shows the server's refusal of a new time beside the time", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), bob)
      .on("GET /api/scheduled-lives/sch1", entryReply())
      .on(
        "PATCH /api/scheduled-lives/sch1",
        apiError(400, "validation_failed", { field: "startsAt" }),
      );
    renderEntry();
    await user.click(await screen.findByRole("button", { name: "Edit" }));
    const when = screen.getByLabelText("Date and time");
    const inAnHour = new Date(Date.now() + 60 * 60_000);
    const pad = (n: number) => String(n).padStart(2, "0");
    const value = `${inAnHour.getFullYear()}-${pad(inAnHour.getMonth() + 1)}-${pad(inAnHour.getDate())}T${pad(inAnHour.getHours())}:${pad(inAnHour.getMinutes())}`;
    await user.clear(when);
    await user.type(when, value);
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(when).toHaveAttribute("aria-invalid", "true"));
    expect(when).toHaveAccessibleDescription(
      /^Choose a time between 5 minutes and 90 days from now\./,
    );
    expect(when).toHaveFocus();
  });

  it("cancels the live after a confirmation", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), bob)
      .on("GET /api/scheduled-lives/sch1", entryReply())
      .on("DELETE /api/scheduled-lives/sch1", { status: 204 });
    renderEntry();
    await user.click(
      await screen.findByRole("button", { name: "Cancel live" }),
    );
    const dialog = screen.getByRole("dialog", { name: "Cancel this live?" });
    expect(dialog).toHaveTextContent(
      "Everyone who asked to be reminded is told",
    );
    await user.click(within(dialog).getByRole("button", { name: "Keep it" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(api.callsTo("DELETE /api/scheduled-lives/sch1")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Cancel live" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "Cancel the live",
      }),
    );
    await waitFor(() =>
      expect(screen.getByText("Cancelled")).toBeInTheDocument(),
    );
    expect(api.callsTo("DELETE /api/scheduled-lives/sch1")).toHaveLength(1);
    expect(screen.queryByRole("region", { name: "Your live" })).toBeNull();
    await waitFor(() =>
      expect(
        screen.getByRole("heading", { level: 1, name: "Q&A on Sunday" }),
      ).toHaveFocus(),
    );
  });

  it("says an unknown live is not found", async () => {
    mockSignedIn(new ApiMock(), carol).on(
      "GET /api/scheduled-lives/nope",
      apiError(404, "not_found"),
    );
    renderEntry("nope");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "We could not find that",
    );
  });
});
