import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { NotificationPreferencesScreen } from "./NotificationPreferencesScreen";

const prefs = {
  preferences: {
    LIVE_STREAM_STARTED: { inApp: true, email: true },
    NEW_FOLLOWER: { inApp: true, email: false },
  },
  mutedCreators: ["carol"],
};

describe("NotificationPreferencesScreen", () => {
  it("edits type × channel and muted creators, then saves the whole shape", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/me/notification-preferences", { status: 200, body: prefs })
      .on("PUT /api/me/notification-preferences", { status: 200, body: prefs });
    renderWithApp(<NotificationPreferencesScreen />);
    const email = await screen.findByRole("checkbox", {
      name: "A creator you follow goes live: Email",
    });
    expect(email).toBeChecked();
    expect(
      screen.getByRole("checkbox", { name: "New follower: Email" }),
    ).not.toBeChecked();
    await user.click(email);
    expect(email).not.toBeChecked();

    await user.click(screen.getByRole("button", { name: "Unmute @carol" }));
    await user.type(screen.getByLabelText("Mute a creator"), "@dave");
    await user.click(screen.getByRole("button", { name: "Mute" }));
    expect(screen.getByText("@dave")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Saved.");
    expect(
      api.callsTo("PUT /api/me/notification-preferences")[0]?.body,
    ).toEqual({
      preferences: {
        LIVE_STREAM_STARTED: { inApp: true, email: false },
        NEW_FOLLOWER: { inApp: true, email: false },
      },
      mutedCreators: ["dave"],
    });
  });

  it("explains a failed save", async () => {
    mockSignedIn(new ApiMock())
      .on("GET /api/me/notification-preferences", { status: 200, body: prefs })
      .on(
        "PUT /api/me/notification-preferences",
        apiError(400, "validation_failed", { field: "mutedCreators" }),
      );
    renderWithApp(<NotificationPreferencesScreen />);
    await userEvent.click(
      await screen.findByRole("button", { name: "Save settings" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Some of the details are not valid",
    );
  });

  it("offers a retry when loading fails", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/me/notification-preferences",
      "network_error",
      { status: 200, body: prefs },
    );
    renderWithApp(<NotificationPreferencesScreen />);
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    expect(
      await screen.findByRole("checkbox", {
        name: "A creator you follow goes live: In app",
      }),
    ).toBeChecked();
  });

  it("names the scheduled-live notifications, listed even before the server names them", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/me/notification-preferences", {
        status: 200,
        body: {
          preferences: {
            NEW_FOLLOWER: { inApp: true, email: true },
            LIVE_STREAM_STARTING_SOON: { inApp: true, email: true },
          },
          mutedCreators: [],
        },
      })
      .on("PUT /api/me/notification-preferences", { status: 204 });
    renderWithApp(<NotificationPreferencesScreen />);
    await screen.findByRole("table");
    expect(
      screen.getAllByRole("rowheader").map((cell) => cell.textContent),
    ).toEqual([
      "A creator you follow goes live",
      "A creator schedules a live",
      "A live I asked to be reminded of is about to start",
      "New follower",
    ]);
    await user.click(
      screen.getByRole("checkbox", {
        name: "A creator schedules a live: Email",
      }),
    );
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    await screen.findByText("Saved.");
    expect(
      api.callsTo("PUT /api/me/notification-preferences")[0]?.body,
    ).toMatchObject({
      preferences: {
        LIVE_STREAM_SCHEDULED: { inApp: true, email: false },
        LIVE_STREAM_STARTING_SOON: { inApp: true, email: true },
      },
    });
  });
});
