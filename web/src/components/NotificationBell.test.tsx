import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiMock, makeUser, mockSignedIn } from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { NotificationBell } from "./NotificationBell";

describe("NotificationBell", () => {
  it("shows the unread count from the API and counts up on /ws notifications", async () => {
    const api = mockSignedIn(new ApiMock());
    api.on("GET /api/notifications", {
      status: 200,
      body: { items: [], unreadCount: 2, nextCursor: null },
    });
    renderWithApp(<NotificationBell />);
    expect(
      await screen.findByRole("link", { name: "Notifications, 2 unread" }),
    ).toHaveAttribute("href", "/notifications");

    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const ws = FakeWebSocket.latest();
    expect(ws.url).toBe(`ws://${window.location.host}/ws`);
    act(() => ws.serverOpen());
    const notification = {
      id: "n9",
      type: "LIVE_STREAM_STARTED",
      actor: makeUser({ handle: "bob" }),
      title: "Bob is live",
      body: "",
      link: "/live/s1",
      createdAt: "2026-11-24T10:00:00.000Z",
      readAt: null,
      subjectId: "s1",
    };
    act(() => ws.serverJson({ type: "notification", notification }));
    expect(
      screen.getByRole("link", { name: "Notifications, 3 unread" }),
    ).toBeInTheDocument();
    act(() =>
      ws.serverJson({
        type: "notification",
        notification: { ...notification, readAt: "2026-11-24T10:00:01.000Z" },
      }),
    );
    expect(
      screen.getByRole("link", { name: "Notifications, 3 unread" }),
    ).toBeInTheDocument();
  });

  it("shows no count when nothing is unread", async () => {
    mockSignedIn(new ApiMock());
    renderWithApp(<NotificationBell />);
    expect(
      await screen.findByRole("link", { name: "Notifications" }),
    ).toBeInTheDocument();
  });
});
