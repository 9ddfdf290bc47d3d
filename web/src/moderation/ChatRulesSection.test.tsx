import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ChatRulesSection } from "./ChatRulesSection";

const saved = {
  chatSettings: {
    slowModeSeconds: 10,
    followersOnlyChat: false,
    blockedWords: ["spoiler", "buy followers"],
  },
};

function setup() {
  const api = mockSignedIn(new ApiMock()).on("GET /api/me/chat-settings", {
    status: 200,
    body: saved,
  });
  renderWithApp(<ChatRulesSection />);
  return api;
}

function words(): HTMLElement {
  return screen.getByRole("textbox", { name: "Blocked words" });
}

describe("ChatRulesSection", () => {
  it("loads the rules, then saves slow mode, followers only and the words", async () => {
    const user = userEvent.setup();
    const api = setup().on("PUT /api/me/chat-settings", {
      status: 200,
      body: {
        chatSettings: {
          slowModeSeconds: 30,
          followersOnlyChat: true,
          blockedWords: ["spoiler", "scam"],
        },
      },
    });
    const slow = await screen.findByRole("combobox", { name: "Slow mode" });
    expect(slow).toHaveValue("10");
    expect(
      Array.from((slow as HTMLSelectElement).options).map((o) => [
        o.value,
        o.textContent,
      ]),
    ).toEqual([
      ["0", "Off"],
      ["5", "5 seconds"],
      ["10", "10 seconds"],
      ["30", "30 seconds"],
      ["60", "1 minute"],
      ["120", "2 minutes"],
      ["300", "5 minutes"],
    ]);
    const followersOnly = screen.getByRole("switch", {
      name: "Followers-only chat",
    });
    expect(followersOnly).not.toBeChecked();
    expect(words()).toHaveValue("spoiler\nbuy followers");

    await user.selectOptions(slow, "30");
    await user.click(followersOnly);
    await user.clear(words());
    await user.type(words(), "spoiler{Enter}{Enter}  scam  {Enter}spoiler");
    await user.click(screen.getByRole("button", { name: "Save chat rules" }));

    expect(await screen.findByText("Chat rules saved.")).toBeInTheDocument();
    expect(api.callsTo("PUT /api/me/chat-settings")[0]?.body).toEqual({
      slowModeSeconds: 30,
      followersOnlyChat: true,
      followersOnlyMinutes: 0,
      blockedWords: ["spoiler", "scam"],
    });
    // The form shows what the server kept.
    expect(words()).toHaveValue("spoiler\nscam");
    expect(followersOnly).toBeChecked();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("asks for a minimum follow time only with followers-only chat, and saves it", async () => {
    const user = userEvent.setup();
    const api = setup().on("PUT /api/me/chat-settings", {
      status: 200,
      body: {
        chatSettings: {
          ...saved.chatSettings,
          followersOnlyChat: true,
          followersOnlyMinutes: 1440,
        },
      },
    });
    const followersOnly = await screen.findByRole("switch", {
      name: "Followers-only chat",
    });
    expect(
      screen.queryByRole("textbox", { name: "Minimum follow time (minutes)" }),
    ).toBeNull();
    await user.click(followersOnly);
    const minutes = screen.getByRole("textbox", {
      name: "Minimum follow time (minutes)",
    });
    expect(minutes).toHaveValue("0");
    expect(minutes).toHaveAccessibleDescription(
      /0 lets any follower chat at once/,
    );
    await user.clear(minutes);
    await user.type(minutes, "1440");
    await user.click(screen.getByRole("button", { name: "Save chat rules" }));
    expect(await screen.findByText("Chat rules saved.")).toBeInTheDocument();
    expect(api.callsTo("PUT /api/me/chat-settings")[0]?.body).toMatchObject({
      followersOnlyChat: true,
      followersOnlyMinutes: 1440,
    });
    expect(minutes).toHaveValue("1440");
  });

  it("refuses a minimum follow time beyond 90 days before sending anything", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock()).on("GET /api/me/chat-settings", {
      status: 200,
      body: {
        chatSettings: {
          ...saved.chatSettings,
          followersOnlyChat: true,
          followersOnlyMinutes: 60,
        },
      },
    });
    renderWithApp(<ChatRulesSection />);
    const minutes = await screen.findByRole("textbox", {
      name: "Minimum follow time (minutes)",
    });
    expect(minutes).toHaveValue("60");
    await user.clear(minutes);
    await user.type(minutes, "129601");
    await user.click(screen.getByRole("button", { name: "Save chat rules" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The minimum follow time is a whole number of minutes from 0 to 129,600 (90 days).",
    );
    expect(minutes).toHaveAttribute("aria-invalid", "true");
    expect(minutes).toHaveFocus();
    expect(api.callsTo("PUT /api/me/chat-settings")).toHaveLength(0);
    await user.type(minutes, "{Backspace}");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(minutes).toHaveAttribute("aria-invalid", "false");
  });

  it("keeps a slow mode set elsewhere among the choices", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/me/chat-settings", {
      status: 200,
      body: { chatSettings: { ...saved.chatSettings, slowModeSeconds: 45 } },
    });
    renderWithApp(<ChatRulesSection />);
    const slow = await screen.findByRole("combobox", { name: "Slow mode" });
    expect(slow).toHaveValue("45");
    expect(
      screen.getByRole("option", { name: "45 seconds" }),
    ).toBeInTheDocument();
  });

  it("refuses a word longer than 50 characters before sending anything", async () => {
    const user = userEvent.setup();
    const api = setup();
    await screen.findByRole("combobox", { name: "Slow mode" });
    await user.type(words(), `{Enter}${"x".repeat(51)}`);
    await user.click(screen.getByRole("button", { name: "Save chat rules" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      'Each blocked word or phrase can have at most 50 characters: "xxxxxxxxxxxxxxxxxxxx…" is longer.',
    );
    expect(words()).toHaveAttribute("aria-invalid", "true");
    expect(words()).toHaveAccessibleDescription(
      /at most 50 characters: "x+…" is longer/,
    );
    expect(words()).toHaveFocus();
    expect(api.callsTo("PUT /api/me/chat-settings")).toHaveLength(0);
    // Editing clears it.
    await user.type(words(), "{Backspace}");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(words()).toHaveAttribute("aria-invalid", "false");
  });

  it("shows the server's refusal as the friendly message, marking the words", async () => {
    const user = userEvent.setup();
    setup().on(
      "PUT /api/me/chat-settings",
      apiError(400, "validation_failed", { field: "blockedWords" }),
    );
    await screen.findByRole("combobox", { name: "Slow mode" });
    await user.click(screen.getByRole("button", { name: "Save chat rules" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Some of the details are not valid. Check the highlighted fields.",
    );
    expect(words()).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByText("Chat rules saved.")).toBeNull();
  });

  it("offers a retry when the rules do not load", async () => {
    const api = mockSignedIn(new ApiMock()).on(
      "GET /api/me/chat-settings",
      "network_error",
      { status: 200, body: saved },
    );
    renderWithApp(<ChatRulesSection />);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Cannot reach onair",
    );
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(words()).toHaveValue("spoiler\nbuy followers"));
    expect(api.callsTo("GET /api/me/chat-settings")).toHaveLength(2);
  });
});
