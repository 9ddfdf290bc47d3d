import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ModerationAction } from "../api/client";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ModerationLogSection } from "./ModerationLogSection";

const cora = makeUser({ id: "u1", handle: "cora" });
const mod = makeUser({ id: "u2", handle: "mod" });
const troll = makeUser({ id: "u3", handle: "troll" });

function action(
  id: string,
  overrides: Partial<ModerationAction> = {},
): ModerationAction {
  return {
    id,
    action: "remove_message",
    creator: cora,
    actor: mod,
    user: troll,
    itemType: "chat_message",
    itemId: "12",
    reason: "buy followers",
    until: null,
    createdAt: "2026-11-24T10:00:00.000Z",
    ...overrides,
  };
}

function lines(): string[] {
  return within(screen.getByRole("list", { name: "Moderation log" }))
    .getAllByRole("listitem")
    .map((item) => item.querySelector(".log-line")?.textContent ?? "");
}

describe("ModerationLogSection", () => {
  it("shows the channel's log newest first, and pages back with Load more", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), cora)
      .on("GET /api/users/cora/moderation-log", {
        status: 200,
        body: {
          items: [
            action("3"),
            action("2", { action: "ban", actor: cora, reason: "" }),
          ],
          nextCursor: "c2",
        },
      })
      .on("GET /api/users/cora/moderation-log?cursor=c2", {
        status: 200,
        body: {
          items: [
            action("2", { action: "ban", actor: cora, reason: "" }),
            action("1", {
              action: "appoint_moderator",
              actor: cora,
              user: mod,
            }),
          ],
          nextCursor: null,
        },
      });
    renderWithApp(<ModerationLogSection channel="cora" />);
    expect(
      await screen.findByRole("region", { name: "Moderation log" }),
    ).toBeInTheDocument();
    await screen.findByRole("list", { name: "Moderation log" });
    expect(lines()).toEqual([
      "@mod removed a message by @troll: “buy followers”",
      "@cora banned @troll",
    ]);
    await user.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(lines()).toHaveLength(3));
    expect(lines()[2]).toBe("@cora made @mod a moderator");
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
    expect(api.callsTo("GET /api/users/cora/moderation-log")).toHaveLength(2);
    // The channel is the reader's own: it is not named on each line.
    expect(screen.queryByText(/'s channel/)).toBeNull();
  });

  it("says when nothing was moderated, and refreshes", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), cora).on(
      "GET /api/users/cora/moderation-log",
      { status: 200, body: { items: [], nextCursor: null } },
      { status: 200, body: { items: [action("9")], nextCursor: null } },
    );
    renderWithApp(<ModerationLogSection channel="cora" />);
    expect(
      await screen.findByText("Nothing has been moderated yet."),
    ).toBeInTheDocument();
    await user.click(
      screen.getByRole("button", { name: "Refresh the moderation log" }),
    );
    await screen.findByRole("list", { name: "Moderation log" });
    expect(lines()).toEqual([
      "@mod removed a message by @troll: “buy followers”",
    ]);
    expect(api.callsTo("GET /api/users/cora/moderation-log")).toHaveLength(2);
  });

  it("reads the whole site's log for operators, naming each channel", async () => {
    const op = makeUser({ id: "u9", handle: "op", isAdmin: true });
    mockSignedIn(new ApiMock(), op).on("GET /api/admin/moderation-log", {
      status: 200,
      body: {
        items: [
          action("5", {
            action: "suspend",
            creator: null,
            actor: op,
            itemType: null,
            itemId: null,
            reason: "",
          }),
          action("4"),
        ],
        nextCursor: null,
      },
    });
    renderWithApp(<ModerationLogSection channel={null} />);
    await screen.findByRole("list", { name: "Moderation log" });
    expect(lines()).toEqual([
      "@op suspended @troll",
      "@mod removed a message by @troll: “buy followers”",
    ]);
    const items = within(
      screen.getByRole("list", { name: "Moderation log" }),
    ).getAllByRole("listitem");
    expect(items[0]).not.toHaveTextContent("channel");
    expect(items[1]).toHaveTextContent("@cora's channel");
  });

  it("offers a retry when the log does not load", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), cora).on(
      "GET /api/users/cora/moderation-log",
      apiError(500, "internal"),
      { status: 200, body: { items: [action("1")], nextCursor: null } },
    );
    renderWithApp(<ModerationLogSection channel="cora" />);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The server had a problem",
    );
    await user.click(screen.getByRole("button", { name: "Retry" }));
    await screen.findByRole("list", { name: "Moderation log" });
    expect(lines()).toHaveLength(1);
  });
});
