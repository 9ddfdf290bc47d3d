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
  canModerate,
  onBanned,
}: {
  user?: User;
  ended?: boolean;
  items?: ChatMessage[];
  canModerate?: boolean;
  onBanned?: (until: string | null) => void;
} = {}) {
  const api = mockSignedIn(new ApiMock(), user).on(
    "GET /api/live-streams/s1/chat",
    { status: 200, body: { items } },
  );
  const view = renderWithApp(
    <LiveChat
      streamId="s1"
      creator={owner}
      ended={ended}
      canModerate={canModerate}
      onBanned={onBanned}
    />,
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
    // (Less the "⋯" of each message's menu.)
    expect(rows.map((r) => r.textContent?.replace("⋯", ""))).toEqual([
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
    api.on("POST /api/live-streams/s1/chat", apiError(400, "message_blocked"));
    await within(log()).findByText("first!");
    await user.type(input(), "a rude word{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Your message contains a word the creator does not allow here. Edit it and try again.",
    );
    expect(input()).toHaveValue("a rude word");
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

  it("lets the owner remove a message from its menu: DELETE, and the row goes at once", async () => {
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
    // Only Carol's message has a menu: not the owner's own.
    await user.click(
      await screen.findByRole("button", {
        name: "More actions for Carol's message",
      }),
    );
    expect(
      screen.getAllByRole("button", { name: /^More actions/ }),
    ).toHaveLength(1);
    await user.click(screen.getByRole("menuitem", { name: "Remove message" }));
    // Gone before the server has answered.
    expect(within(log()).queryByText("first!")).toBeNull();
    expect(api.callsTo("DELETE /api/live-streams/s1/chat/1")).toHaveLength(1);
    expect(screen.queryByRole("menu")).toBeNull();
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
    api.on("DELETE /api/live-streams/s1/chat/1", apiError(403, "forbidden"));
    await user.click(
      await screen.findByRole("button", {
        name: "More actions for Carol's message",
      }),
    );
    await user.click(screen.getByRole("menuitem", { name: "Remove message" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You are not allowed to do that.",
    );
    expect(within(log()).getByText("first!")).toBeInTheDocument();
  });

  it("offers a viewer who does not moderate only 'Report message' on others' messages", async () => {
    const user = userEvent.setup();
    renderChat({
      user: me,
      items: [...history, chatMessage("3", "my own words", me)],
    });
    await within(log()).findByText("first!");
    // Wait for the signed-in user: Carol's and Bob's messages get a menu, Alice's own does not.
    await screen.findByRole("textbox", { name: "Chat message" });
    const rows = within(log()).getAllByRole("listitem");
    await waitFor(() =>
      expect(
        rows.map((row) => within(row).queryByRole("button") !== null),
      ).toEqual([true, true, false]),
    );
    await user.click(
      screen.getByRole("button", { name: "More actions for Carol's message" }),
    );
    const menu = screen.getByRole("menu", {
      name: "Actions for Carol's message",
    });
    expect(
      within(menu)
        .getAllByRole("menuitem")
        .map((item) => item.textContent),
    ).toEqual(["Report message"]);
    expect(within(menu).getByRole("menuitem")).toHaveFocus();
    expect(screen.queryByRole("menuitem", { name: /Remove/ })).toBeNull();
  });

  it("reports a message to the operators from its menu", async () => {
    const user = userEvent.setup();
    const { api } = renderChat({ user: me });
    api.on("POST /api/reports", {
      status: 201,
      body: { report: { id: "rep1" } },
    });
    await user.click(
      await screen.findByRole("button", {
        name: "More actions for Carol's message",
      }),
    );
    await user.click(screen.getByRole("menuitem", { name: "Report message" }));
    const dialog = screen.getByRole("dialog", {
      name: "Report Carol's message",
    });
    expect(dialog).toHaveTextContent("“first!”");
    await user.type(
      within(dialog).getByRole("textbox", {
        name: "Why are you reporting it?",
      }),
      "Spam link",
    );
    await user.click(
      within(dialog).getByRole("button", { name: "Send report" }),
    );
    expect(await within(dialog).findByRole("status")).toHaveTextContent(
      "Thanks — operators will look at it.",
    );
    expect(api.callsTo("POST /api/reports")[0]?.body).toEqual({
      itemType: "chat_message",
      itemId: "1",
      reason: "Spam link",
    });
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    // The message stays: only operators decide.
    expect(within(log()).getByText("first!")).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "More actions for Carol's message" }),
    ).toHaveFocus();
  });

  it("offers no menu to visitors", async () => {
    const api = new ApiMock()
      .on("GET /api/me", apiError(401, "unauthenticated"))
      .on("GET /api/live-streams/s1/chat", {
        status: 200,
        body: { items: history },
      });
    renderWithApp(<LiveChat streamId="s1" creator={owner} ended={false} />);
    await within(log()).findByText("first!");
    await screen.findByRole("link", { name: "Sign up to chat" });
    expect(screen.queryByRole("button", { name: /More actions/ })).toBeNull();
    expect(api.callsTo("GET /api/me")).toHaveLength(1);
  });

  it("trusts the join's canModerate over who the user is", async () => {
    // An admin the join says does not moderate here (canModerate false) may only report.
    const user = userEvent.setup();
    renderChat({
      user: makeUser({ id: "u9", isAdmin: true }),
      canModerate: false,
    });
    await within(log()).findByText("first!");
    await screen.findByRole("textbox", { name: "Chat message" });
    await user.click(
      await screen.findByRole("button", {
        name: "More actions for Carol's message",
      }),
    );
    expect(
      within(screen.getByRole("menu", { name: "Actions for Carol's message" }))
        .getAllByRole("menuitem")
        .map((item) => item.textContent),
    ).toEqual(["Report message"]);
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
    renderWithApp(<LiveChat streamId="s1" creator={owner} ended={false} />);
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
    renderWithApp(<LiveChat streamId="s1" creator={owner} ended={false} />);
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

describe("LiveChat moderation", () => {
  const moderator = makeUser({ id: "u5", handle: "mia", displayName: "Mia" });
  const carolAgain = chatMessage("3", "buy followers at spam.example");
  const mine = chatMessage("4", "please stop", moderator);
  const items = [...history, carolAgain, mine];

  function ban(until: string | null): MockReply {
    return {
      status: 201,
      body: {
        ban: {
          creator: owner,
          user: carol,
          until,
          reason: "",
          createdAt: "2026-11-24T10:00:00.000Z",
          createdBy: moderator,
        },
      },
    };
  }

  async function openMenu(user: ReturnType<typeof userEvent.setup>) {
    const buttons = await screen.findAllByRole("button", {
      name: "More actions for Carol's message",
    });
    await user.click(buttons[0]!);
    return screen.getByRole("menu", { name: "Moderate Carol's message" });
  }

  it("shows a moderator the moderation menu on others' messages, only Report on the creator's", async () => {
    const user = userEvent.setup();
    renderChat({ user: moderator, canModerate: true, items });
    await within(log()).findByText("please stop");
    const rows = within(log()).getAllByRole("listitem");
    const hasMenu = rows.map(
      (row) =>
        within(row).queryByRole("button", { name: /^More actions for/ }) !==
        null,
    );
    // Carol, Bob (the creator), Carol, Mia (the moderator herself).
    expect(hasMenu).toEqual([true, true, true, false]);
    const button = within(rows[0]!).getByRole("button", {
      name: "More actions for Carol's message",
    });
    expect(button).toHaveAttribute("aria-haspopup", "menu");
    expect(button).toHaveAttribute("aria-expanded", "false");
    // The creator's own messages are theirs to keep: a moderator may only report them.
    await user.click(
      within(rows[1]!).getByRole("button", {
        name: "More actions for Bob's message",
      }),
    );
    expect(
      within(screen.getByRole("menu", { name: "Actions for Bob's message" }))
        .getAllByRole("menuitem")
        .map((item) => item.textContent),
    ).toEqual(["Report message"]);
  });

  it("opens the menu by keyboard: arrows move, Escape closes and gives focus back", async () => {
    const user = userEvent.setup();
    renderChat({ user: moderator, canModerate: true, items });
    await within(log()).findByText("please stop");
    const button = screen.getAllByRole("button", {
      name: "More actions for Carol's message",
    })[0]!;
    button.focus();
    await user.keyboard("{Enter}");
    const menu = screen.getByRole("menu", { name: "Moderate Carol's message" });
    expect(button).toHaveAttribute("aria-expanded", "true");
    expect(button).toHaveAttribute("aria-controls", menu.id);
    expect(
      within(menu)
        .getAllByRole("menuitem")
        .map((item) => item.textContent),
    ).toEqual([
      "Remove message",
      "Time out 10 minutes",
      "Ban",
      "Report message",
    ]);
    expect(
      within(menu).getByRole("menuitem", { name: "Remove message" }),
    ).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(
      within(menu).getByRole("menuitem", { name: "Time out 10 minutes" }),
    ).toHaveFocus();
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(
      within(menu).getByRole("menuitem", { name: "Report message" }),
    ).toHaveFocus();
    await user.keyboard("{ArrowUp}");
    expect(within(menu).getByRole("menuitem", { name: "Ban" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(button).toHaveFocus();
    expect(button).toHaveAttribute("aria-expanded", "false");
    // A click elsewhere closes it too.
    await user.click(button);
    expect(screen.getByRole("menu")).toBeInTheDocument();
    await user.click(log());
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("times out after confirming, removing their messages, and Undo lifts it", async () => {
    const user = userEvent.setup();
    const { api } = renderChat({ user: moderator, canModerate: true, items });
    api
      .on("POST /api/users/bob/bans", ban("2026-11-24T10:10:00.000Z"))
      .on("DELETE /api/users/bob/bans/carol", { status: 204 });
    await within(log()).findByText("please stop");
    const menu = await openMenu(user);
    await user.click(
      within(menu).getByRole("menuitem", { name: "Time out 10 minutes" }),
    );
    const dialog = screen.getByRole("dialog", {
      name: "Time out @carol for 10 minutes?",
    });
    // Nothing is sent before the moderator confirms.
    expect(api.callsTo("POST /api/users/bob/bans")).toHaveLength(0);
    await user.click(
      within(dialog).getByRole("checkbox", {
        name: "Also remove their messages",
      }),
    );
    await user.type(
      within(dialog).getByLabelText("Reason (optional)"),
      " spam ",
    );
    await user.click(within(dialog).getByRole("button", { name: "Time out" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(api.callsTo("POST /api/users/bob/bans")[0]?.body).toEqual({
      handle: "carol",
      durationSeconds: 600,
      removeMessages: true,
      reason: "spam",
    });
    // Every message of Carol's went; the others stay.
    expect(within(log()).queryByText("first!")).toBeNull();
    expect(
      within(log()).queryByText("buy followers at spam.example"),
    ).toBeNull();
    expect(within(log()).getByText("welcome everyone")).toBeInTheDocument();
    expect(within(log()).getByText("please stop")).toBeInTheDocument();
    const status = screen.getByRole("status");
    expect(status).toHaveTextContent("Timed out @carol for 10 minutes. Undo");
    expect(log()).toHaveFocus();

    await user.click(within(status).getByRole("button", { name: "Undo" }));
    expect(
      await screen.findByText("Lifted the ban on @carol."),
    ).toBeInTheDocument();
    expect(api.callsTo("DELETE /api/users/bob/bans/carol")).toHaveLength(1);
    expect(within(status).queryByRole("button", { name: "Undo" })).toBeNull();
  });

  it("bans for good, keeping their messages unless asked, and says 'Banned @carol. Undo'", async () => {
    const user = userEvent.setup();
    const { api } = renderChat({ user: owner, items });
    api.on("POST /api/users/bob/bans", ban(null));
    await within(log()).findByText("please stop");
    const menu = await openMenu(user);
    const trigger = screen.getAllByRole("button", {
      name: "More actions for Carol's message",
    })[0]!;
    await user.click(within(menu).getByRole("menuitem", { name: "Ban" }));
    const dialog = screen.getByRole("dialog", { name: "Ban @carol?" });
    expect(
      within(dialog).getByRole("checkbox", {
        name: "Also remove their messages",
      }),
    ).not.toBeChecked();
    await user.click(within(dialog).getByRole("button", { name: "Ban" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Banned @carol. Undo",
    );
    expect(api.callsTo("POST /api/users/bob/bans")[0]?.body).toEqual({
      handle: "carol",
      durationSeconds: null,
      removeMessages: false,
    });
    expect(within(log()).getByText("first!")).toBeInTheDocument();
    // Focus returns to the menu button the dialog was opened from.
    expect(trigger).toHaveFocus();
  });

  it("sends nothing when the confirmation is cancelled", async () => {
    const user = userEvent.setup();
    const { api } = renderChat({ user: moderator, canModerate: true, items });
    await within(log()).findByText("please stop");
    const menu = await openMenu(user);
    await user.click(within(menu).getByRole("menuitem", { name: "Ban" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "Cancel",
      }),
    );
    expect(screen.queryByRole("dialog")).toBeNull();
    await user.click(
      (await openMenu(user)).querySelector("[role=menuitem]:nth-child(2)")!,
    );
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(api.callsTo("POST /api/users/bob/bans")).toHaveLength(0);
    expect(screen.getByRole("status")).toHaveTextContent("");
  });

  it("keeps the dialog open with the friendly reason when the ban is refused", async () => {
    const user = userEvent.setup();
    const { api } = renderChat({ user: moderator, canModerate: true, items });
    // A moderator cannot ban another moderator.
    api.on("POST /api/users/bob/bans", apiError(403, "forbidden"));
    await within(log()).findByText("please stop");
    const menu = await openMenu(user);
    await user.click(within(menu).getByRole("menuitem", { name: "Ban" }));
    const dialog = screen.getByRole("dialog", { name: "Ban @carol?" });
    await user.click(within(dialog).getByRole("button", { name: "Ban" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "You are not allowed to do that.",
    );
    expect(within(log()).getByText("first!")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("");
  });

  it("shows Undo's failure as the friendly message", async () => {
    const user = userEvent.setup();
    const { api } = renderChat({ user: moderator, canModerate: true, items });
    api
      .on("POST /api/users/bob/bans", ban(null))
      .on("DELETE /api/users/bob/bans/carol", "network_error");
    await within(log()).findByText("please stop");
    const menu = await openMenu(user);
    await user.click(within(menu).getByRole("menuitem", { name: "Ban" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", { name: "Ban" }),
    );
    await user.click(
      await within(screen.getByRole("status")).findByRole("button", {
        name: "Undo",
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Cannot reach onair",
    );
  });
});

describe("LiveChat under the creator's chat rules", () => {
  it("counts down on the Send button after slow mode refused a message", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const { api } = renderChat();
    api.on(
      "POST /api/live-streams/s1/chat",
      apiError(429, "slow_mode", { retryAfterSeconds: 3 }),
      posted(chatMessage("3", "again now", me)),
    );
    await within(log()).findByText("first!");
    await user.type(input(), "again now{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Slow mode is on: you can write again in 3 s",
    );
    const button = screen.getByRole("button", { name: "Send in 3 s" });
    expect(button).toBeDisabled();
    expect(input()).toHaveValue("again now");
    // Enter does not send while slow mode holds.
    await user.type(input(), "{Enter}");
    expect(api.callsTo("POST /api/live-streams/s1/chat")).toHaveLength(1);

    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(screen.getByRole("button", { name: "Send in 2 s" })).toBeDisabled();
    await act(() => vi.advanceTimersByTimeAsync(2000));
    const send = screen.getByRole("button", { name: "Send" });
    expect(send).toBeEnabled();
    expect(screen.queryByRole("alert")).toBeNull();
    await user.click(send);
    expect(await within(log()).findByText("again now")).toBeInTheDocument();
    expect(api.callsTo("POST /api/live-streams/s1/chat")).toHaveLength(2);
  });

  it("offers to follow when only followers may chat, then lets them write", async () => {
    const user = userEvent.setup();
    const { api } = renderChat();
    api
      .on("POST /api/live-streams/s1/chat", apiError(403, "followers_only"))
      .on("POST /api/users/bob/follow", { status: 204 });
    await within(log()).findByText("first!");
    await user.type(input(), "hi{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Only followers can chat here — follow to join in",
    );
    await user.click(
      screen.getByRole("button", { name: "Follow @bob to chat" }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole("button", { name: "Follow @bob to chat" }),
      ).toBeNull(),
    );
    expect(api.callsTo("POST /api/users/bob/follow")).toHaveLength(1);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(input()).toHaveValue("hi");
    expect(input()).toHaveFocus();
  });

  it("tells a recent follower how much longer to wait under the minimum follow time", async () => {
    const user = userEvent.setup();
    const { api } = renderChat();
    api.on(
      "POST /api/live-streams/s1/chat",
      apiError(403, "followers_only", { retryAfterSeconds: 1200 }),
    );
    await within(log()).findByText("first!");
    await user.type(input(), "hi{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You can chat here after following for 20 more minutes",
    );
    // They follow already: no follow button, and the text waits in the box.
    expect(screen.queryByRole("button", { name: /^Follow/ })).toBeNull();
    expect(input()).toHaveValue("hi");
  });

  it("tells the page when the server says the writer is banned", async () => {
    const user = userEvent.setup();
    const onBanned = vi.fn();
    const { api } = renderChat({ onBanned });
    api.on(
      "POST /api/live-streams/s1/chat",
      apiError(403, "banned", { until: null }),
    );
    await within(log()).findByText("first!");
    await user.type(input(), "hi{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You are banned from this creator's streams.",
    );
    expect(onBanned).toHaveBeenCalledWith(null);
  });
});
