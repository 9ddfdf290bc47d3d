import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ChatMessage, User } from "../api/client";
import {
  ApiMock,
  apiError,
  makeUser,
  mockSignedIn,
  type MockReply,
} from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { LiveChat } from "./LiveChat";

const me = makeUser({ id: "u1", handle: "alice", displayName: "Alice" });
const owner = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });
const carol = makeUser({ id: "u3", handle: "carol", displayName: "Carol" });

function chatMessage(
  id: string,
  text: string,
  author: User = carol,
): ChatMessage {
  return {
    id,
    streamId: "s1",
    author,
    text,
    createdAt: "2026-11-24T10:00:00.000Z",
  };
}

const history = [
  chatMessage("1", "first!"),
  chatMessage("2", "welcome everyone", owner),
];

function renderChat({
  user = me,
  ended = false,
  items = history,
}: { user?: User; ended?: boolean; items?: ChatMessage[] } = {}) {
  const api = mockSignedIn(new ApiMock(), user).on(
    "GET /api/live-streams/s1/chat",
    { status: 200, body: { items } },
  );
  const view = renderWithApp(
    <LiveChat streamId="s1" ownerId={owner.id} ended={ended} />,
  );
  return { api, view };
}

function log(): HTMLElement {
  return screen.getByRole("log", { name: "Chat messages" });
}

function input(): HTMLElement {
  return screen.getByRole("textbox", { name: "Chat message" });
}

/** The tab's `/ws` connection, once the signed-in provider has opened it. */
async function eventSocket(index = 0): Promise<FakeWebSocket> {
  const sockets = () =>
    FakeWebSocket.instances.filter((s) => s.url.endsWith("/ws"));
  await waitFor(() => expect(sockets().length).toBeGreaterThan(index));
  return sockets()[index]!;
}

function posted(message: ChatMessage, after?: Promise<unknown>): MockReply {
  return { status: 201, body: { message }, after };
}

describe("LiveChat", () => {
  it("shows the history, oldest first, in a labelled polite log", async () => {
    const { api } = renderChat();
    expect(await within(log()).findByText("first!")).toBeInTheDocument();
    const rows = within(log()).getAllByRole("listitem");
    expect(rows.map((r) => r.textContent)).toEqual([
      "Carol first!",
      "Bob Host welcome everyone",
    ]);
    expect(log()).toHaveAttribute("aria-live", "polite");
    expect(
      screen.getByRole("region", { name: "Live chat" }),
    ).toBeInTheDocument();
    expect(api.callsTo("GET /api/live-streams/s1/chat")[0]?.url).toBe(
      "/api/live-streams/s1/chat?limit=100",
    );
  });

  it("says so when there are no messages yet", async () => {
    renderChat({ items: [] });
    expect(
      await screen.findByText("No messages yet. Say hello!"),
    ).toBeInTheDocument();
  });

  it("sends a message: clears the input and shows it", async () => {
    const user = userEvent.setup();
    const { api } = renderChat();
    api.on(
      "POST /api/live-streams/s1/chat",
      posted(chatMessage("3", "hello there", me)),
    );
    await within(log()).findByText("first!");
    await user.type(input(), "  hello there  ");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await within(log()).findByText("hello there")).toBeInTheDocument();
    expect(input()).toHaveValue("");
    expect(input()).toHaveFocus();
    expect(api.callsTo("POST /api/live-streams/s1/chat")[0]?.body).toEqual({
      text: "hello there",
    });
  });

  it("sends on Enter and starts a new line on Shift+Enter", async () => {
    const user = userEvent.setup();
    const { api } = renderChat();
    api.on(
      "POST /api/live-streams/s1/chat",
      posted(chatMessage("3", "line one\nline two", me)),
    );
    await within(log()).findByText("first!");
    await user.type(input(), "line one{Shift>}{Enter}{/Shift}line two");
    expect(input()).toHaveValue("line one\nline two");
    expect(api.callsTo("POST /api/live-streams/s1/chat")).toHaveLength(0);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(input()).toHaveValue(""));
    expect(api.callsTo("POST /api/live-streams/s1/chat")[0]?.body).toEqual({
      text: "line one\nline two",
    });
    // An empty input sends nothing.
    await user.keyboard("{Enter}");
    expect(api.callsTo("POST /api/live-streams/s1/chat")).toHaveLength(1);
  });

  it("shows a pushed message once, even when it is also the answer to this tab's POST", async () => {
    const user = userEvent.setup();
    const { api } = renderChat();
    await within(log()).findByText("first!");
    const ws = await eventSocket();
    act(() => ws.serverOpen());

    // The push arrives while the POST is still in flight, then the POST answers.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const mine = chatMessage("3", "hi all", me);
    api.on("POST /api/live-streams/s1/chat", posted(mine, answered));
    await user.type(input(), "hi all{Enter}");
    expect(input()).toBeDisabled();
    expect(screen.getByRole("button", { name: "Sending…" })).toBeDisabled();
    act(() => ws.serverJson({ type: "chat", message: mine }));
    await act(async () => {
      answer();
      await answered;
    });
    await waitFor(() => expect(input()).toBeEnabled());
    expect(within(log()).getAllByText("hi all")).toHaveLength(1);

    // The POST answers first, then the push.
    const second = chatMessage("4", "again", me);
    api.on("POST /api/live-streams/s1/chat", posted(second));
    await user.type(input(), "again{Enter}");
    await within(log()).findByText("again");
    act(() => ws.serverJson({ type: "chat", message: second }));
    expect(within(log()).getAllByText("again")).toHaveLength(1);

    // Someone else's message, pushed; one for another stream is not shown.
    act(() => ws.serverJson({ type: "chat", message: chatMessage("5", "yo") }));
    act(() =>
      ws.serverJson({
        type: "chat",
        message: { ...chatMessage("6", "elsewhere"), streamId: "s9" },
      }),
    );
    expect(within(log()).getByText("yo")).toBeInTheDocument();
    expect(within(log()).queryByText("elsewhere")).toBeNull();
    expect(
      within(log())
        .getAllByRole("listitem")
        .map((r) => r.querySelector(".chat-text")?.textContent),
    ).toEqual(["first!", "welcome everyone", "hi all", "again", "yo"]);
  });

  it("asks to slow down when rate limited, keeping the text", async () => {
    const user = userEvent.setup();
    const { api } = renderChat();
    api.on("POST /api/live-streams/s1/chat", apiError(429, "rate_limited"));
    await within(log()).findByText("first!");
    await user.type(input(), "too fast{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Slow down — you can send another message in a moment",
    );
    expect(input()).toHaveValue("too fast");
    expect(within(log()).queryByText("too fast")).toBeNull();
  });

  it("explains other refusals with the usual words", async () => {
    const user = userEvent.setup();
    const { api } = renderChat();
    api.on("POST /api/live-streams/s1/chat", apiError(403, "followers_only"));
    await within(log()).findByText("first!");
    await user.type(input(), "hi{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Only followers of this creator can watch.",
    );
  });

  it("closes the input when the server says the stream ended", async () => {
    const user = userEvent.setup();
    const { api } = renderChat();
    api.on("POST /api/live-streams/s1/chat", apiError(409, "stream_ended"));
    await within(log()).findByText("first!");
    await user.type(input(), "bye{Enter}");
    expect(await screen.findByText("Chat has ended")).toBeInTheDocument();
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(within(log()).getByText("first!")).toBeInTheDocument();
  });

  it("shows 'Chat has ended' instead of the input once the stream ended, keeping the history", async () => {
    renderChat({ ended: true });
    expect(await within(log()).findByText("first!")).toBeInTheDocument();
    expect(screen.getByText("Chat has ended")).toBeInTheDocument();
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.queryByRole("button", { name: "Send" })).toBeNull();
  });

  it("counts down near the limit and stops at 500 characters", async () => {
    const user = userEvent.setup();
    renderChat();
    await within(log()).findByText("first!");
    await user.click(input());
    await user.paste("x".repeat(449));
    expect(screen.queryByText(/characters left/)).toBeNull();
    await user.paste("x");
    expect(screen.getByText("50 characters left")).toBeInTheDocument();
    expect(input()).toHaveAccessibleDescription("50 characters left");
    await user.paste("🔥".repeat(60));
    expect(screen.getByText("0 characters left")).toBeInTheDocument();
    expect(Array.from((input() as HTMLTextAreaElement).value)).toHaveLength(
      500,
    );
  });

  it("lets the owner remove a message: DELETE, and the row goes at once", async () => {
    const user = userEvent.setup();
    const { api } = renderChat({ user: owner });
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    api.on("DELETE /api/live-streams/s1/chat/1", {
      status: 204,
      after: answered,
    });
    await within(log()).findByText("first!");
    const remove = await screen.findByRole("button", {
      name: "Remove message from Carol",
    });
    expect(
      screen.getAllByRole("button", { name: /^Remove message/ }),
    ).toHaveLength(2);
    await user.click(remove);
    // Gone before the server has answered.
    expect(within(log()).queryByText("first!")).toBeNull();
    expect(api.callsTo("DELETE /api/live-streams/s1/chat/1")).toHaveLength(1);
    expect(log()).toHaveFocus();
    await act(async () => {
      answer();
      await answered;
    });
    expect(within(log()).queryByText("first!")).toBeNull();
    expect(within(log()).getByText("welcome everyone")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("puts a message back and says why when removing it fails", async () => {
    const user = userEvent.setup();
    const { api } = renderChat({ user: makeUser({ id: "u9", isAdmin: true }) });
    api.on(
      "DELETE /api/live-streams/s1/chat/1",
      apiError(403, "not_stream_owner"),
    );
    await user.click(
      await screen.findByRole("button", { name: "Remove message from Carol" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Only the creator of this stream can do that.",
    );
    expect(within(log()).getByText("first!")).toBeInTheDocument();
  });

  it("offers Remove to no one but the owner and admins", async () => {
    renderChat({ user: me });
    await within(log()).findByText("first!");
    // Wait for the signed-in user, then check no Remove buttons appeared.
    await screen.findByRole("textbox", { name: "Chat message" });
    await act(() => Promise.resolve());
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
  });

  it("drops a message when /ws says it was removed", async () => {
    renderChat();
    await within(log()).findByText("first!");
    const ws = await eventSocket();
    act(() => ws.serverOpen());
    act(() =>
      ws.serverJson({ type: "chat_removed", streamId: "s9", messageId: "1" }),
    );
    expect(within(log()).getByText("first!")).toBeInTheDocument();
    act(() =>
      ws.serverJson({ type: "chat_removed", streamId: "s1", messageId: "1" }),
    );
    expect(within(log()).queryByText("first!")).toBeNull();
    // A late copy (a catch-up page, a push) does not bring it back.
    act(() =>
      ws.serverJson({ type: "chat", message: chatMessage("1", "first!") }),
    );
    expect(within(log()).queryByText("first!")).toBeNull();
  });

  it("catches up with after= the last id when the event socket reconnects", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = renderChat();
    api.on("GET /api/live-streams/s1/chat?after=2&limit=100", {
      status: 200,
      body: { items: [chatMessage("3", "while you were away")] },
    });
    await within(log()).findByText("first!");
    const first = await eventSocket(0);
    act(() => first.serverOpen());
    await waitFor(() =>
      expect(api.callsTo("GET /api/live-streams/s1/chat")).toHaveLength(2),
    );
    expect(
      await within(log()).findByText("while you were away"),
    ).toBeInTheDocument();
    api.on("GET /api/live-streams/s1/chat?after=3&limit=100", {
      status: 200,
      body: { items: [chatMessage("4", "missed this")] },
    });

    act(() => first.serverClose(1006));
    await act(() => vi.advanceTimersByTimeAsync(1300));
    const second = await eventSocket(1);
    expect(api.callsTo("GET /api/live-streams/s1/chat")).toHaveLength(2);
    act(() => second.serverOpen());
    expect(await within(log()).findByText("missed this")).toBeInTheDocument();
    expect(
      api.callsTo("GET /api/live-streams/s1/chat").map((c) => c.url),
    ).toEqual([
      "/api/live-streams/s1/chat?limit=100",
      "/api/live-streams/s1/chat?after=2&limit=100",
      "/api/live-streams/s1/chat?after=3&limit=100",
    ]);
  });

  it("pages through a long history, a bounded number of times", async () => {
    const page = (from: number) =>
      Array.from({ length: 100 }, (_, i) =>
        chatMessage(String(from + i), `m${from + i}`),
      );
    const api = mockSignedIn(new ApiMock(), me)
      .on("GET /api/live-streams/s1/chat", {
        status: 200,
        body: { items: page(1) },
      })
      .on("GET /api/live-streams/s1/chat?after=100&limit=100", {
        status: 200,
        body: { items: [chatMessage("101", "the newest")] },
      });
    renderWithApp(<LiveChat streamId="s1" ownerId={owner.id} ended={false} />);
    expect(await within(log()).findByText("the newest")).toBeInTheDocument();
    expect(api.callsTo("GET /api/live-streams/s1/chat")).toHaveLength(2);
  });

  it("shows why the history did not load, and retries", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), me).on(
      "GET /api/live-streams/s1/chat",
      "network_error",
      { status: 200, body: { items: history } },
    );
    renderWithApp(<LiveChat streamId="s1" ownerId={owner.id} ended={false} />);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Cannot reach onair",
    );
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(await within(log()).findByText("first!")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(api.callsTo("GET /api/live-streams/s1/chat")).toHaveLength(2);
  });

  it("follows the newest message unless the reader scrolled up", async () => {
    renderChat();
    await within(log()).findByText("first!");
    const ws = await eventSocket();
    act(() => ws.serverOpen());
    const element = log();
    let height = 1000;
    Object.defineProperty(element, "scrollHeight", {
      configurable: true,
      get: () => height,
    });
    Object.defineProperty(element, "clientHeight", {
      configurable: true,
      value: 200,
    });

    act(() => ws.serverJson({ type: "chat", message: chatMessage("3", "a") }));
    expect(element.scrollTop).toBe(1000);

    element.scrollTop = 100; // the reader scrolls up
    fireEvent.scroll(element);
    height = 1200;
    act(() => ws.serverJson({ type: "chat", message: chatMessage("4", "b") }));
    expect(element.scrollTop).toBe(100);

    await userEvent.click(screen.getByRole("button", { name: "New messages" }));
    expect(element.scrollTop).toBe(1200);
    expect(screen.queryByRole("button", { name: "New messages" })).toBeNull();
    height = 1400;
    act(() => ws.serverJson({ type: "chat", message: chatMessage("5", "c") }));
    expect(element.scrollTop).toBe(1400);
  });
});
