import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiMock, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ModerationSettingsScreen } from "./ModerationSettingsScreen";

describe("ModerationSettingsScreen", () => {
  it("shows the moderators, the chat rules and the signed-in creator's bans, among the settings", async () => {
    const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });
    const api = mockSignedIn(new ApiMock(), bob)
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
      .on("GET /api/users/bob/bans", { status: 200, body: { items: [] } })
      .on("GET /api/users/bob/moderation-log", {
        status: 200,
        body: {
          items: [
            {
              id: "1",
              action: "chat_settings",
              creator: bob,
              actor: bob,
              user: null,
              itemType: null,
              itemId: null,
              reason: "",
              until: null,
              createdAt: "2026-11-24T10:00:00.000Z",
            },
          ],
          nextCursor: null,
        },
      });
    renderWithApp(<ModerationSettingsScreen />, {
      route: "/settings/moderation",
      path: "/settings/moderation",
    });
    expect(
      screen.getByRole("heading", { name: "Moderation", level: 1 }),
    ).toBeInTheDocument();
    for (const name of [
      "Moderators",
      "Chat rules",
      "Banned users",
      "Moderation log",
    ])
      expect(await screen.findByRole("region", { name })).toBeInTheDocument();
    expect(await screen.findByText("No moderators yet.")).toBeInTheDocument();
    expect(
      await screen.findByText("Nobody is banned from your streams."),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole("combobox", { name: "Slow mode" }),
    ).toHaveValue("0");
    expect(api.callsTo("GET /api/users/bob/bans")).toHaveLength(1);
    expect(
      await within(
        screen.getByRole("region", { name: "Moderation log" }),
      ).findByText("@bob changed the chat rules"),
    ).toBeInTheDocument();

    const nav = screen.getByRole("navigation", { name: "Settings" });
    expect(
      within(nav).getByRole("link", { name: "Moderation" }),
    ).toHaveAttribute("aria-current", "page");
    expect(
      within(nav).getByRole("link", { name: "Notifications" }),
    ).toHaveAttribute("href", "/settings/notifications");
  });
});
