import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AppNotification } from "../api/client";
import { NotificationBell } from "../components/NotificationBell";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { NotificationsScreen } from "./NotificationsScreen";

function notification(
  id: string,
  overrides: Partial<AppNotification> = {},
): AppNotification {
  return {
    id,
    type: "LIVE_STREAM_STARTED",
    actor: makeUser({ handle: "bob" }),
    title: `Bob is live ${id}`,
    body: "Come watch",
    link: `http://127.0.0.1:8080/live/s${id}`,
    createdAt: new Date().toISOString(),
    readAt: null,
    subjectId: `s${id}`,
    ...overrides,
  };
}

function page(
  items: AppNotification[],
  unreadCount: number,
  nextCursor: string | null = null,
) {
  return { status: 200, body: { items, unreadCount, nextCursor } };
}

function Screen() {
  return (
    <>
      <NotificationBell />
      <NotificationsScreen />
    </>
  );
}

/** Signed in, with notification 1 unread (marking it read works) and 2 read. */
function oneUnreadOneRead(): ApiMock {
  return mockSignedIn(new ApiMock())
    .on(
      "GET /api/notifications",
      page(
        [
          notification("1"),
          notification("2", { readAt: "2026-11-24T10:00:00.000Z" }),
        ],
        1,
      ),
    )
    .on("POST /api/notifications/1/read", { status: 204 });
}

describe("NotificationsScreen", () => {
  it("lists notifications with in-app links and marks one read", async () => {
    const api = oneUnreadOneRead();
    renderWithApp(<Screen />);
    expect(
      await screen.findByRole("link", { name: "Bob is live 1" }),
    ).toHaveAttribute("href", "/live/s1");
    expect(
      await screen.findByRole("link", { name: "Notifications, 1 unread" }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole("button", { name: "Mark read: “Bob is live 1”" }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole("button", { name: /Mark read: “Bob is live 1”/ }),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole("link", { name: "Notifications" }),
    ).toBeInTheDocument();
    expect(api.callsTo("POST /api/notifications/1/read")).toHaveLength(1);
  });

  it("marks a notification read when it is opened", async () => {
    const api = oneUnreadOneRead();
    renderWithApp(<Screen />);
    await userEvent.click(
      await screen.findByRole("link", { name: "Bob is live 2" }),
    );
    expect(api.callsTo("POST /api/notifications/2/read")).toHaveLength(0);
    await userEvent.click(
      await screen.findByRole("link", { name: "Bob is live 1" }),
    );
    await waitFor(() =>
      expect(api.callsTo("POST /api/notifications/1/read")).toHaveLength(1),
    );
    await waitFor(() =>
      expect(
        screen.getByRole("link", { name: "Notifications" }),
      ).toBeInTheDocument(),
    );
  });

  it("marks all read", async () => {
    const api = mockSignedIn(new ApiMock())
      .on(
        "GET /api/notifications",
        page([notification("1"), notification("2")], 2),
      )
      .on("POST /api/notifications/read-all", { status: 204 });
    renderWithApp(<Screen />);
    await userEvent.click(
      await screen.findByRole("button", { name: "Mark all read" }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole("button", { name: /^Mark read: / }),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole("button", { name: "Mark all read" }),
    ).toBeDisabled();
    expect(
      screen.getByRole("link", { name: "Notifications" }),
    ).toBeInTheDocument();
    expect(api.callsTo("POST /api/notifications/read-all")).toHaveLength(1);
  });

  it("adds notifications pushed over /ws to the top", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/notifications",
      page([notification("1")], 1),
    );
    renderWithApp(<Screen />);
    await screen.findByText("Bob is live 1");
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    act(() => FakeWebSocket.latest().serverOpen());
    act(() =>
      FakeWebSocket.latest().serverJson({
        type: "notification",
        notification: notification("9"),
      }),
    );
    const links = screen.getAllByRole("link", { name: /Bob is live/ });
    expect(links[0]).toHaveTextContent("Bob is live 9");
    expect(
      screen.getByRole("link", { name: "Notifications, 2 unread" }),
    ).toBeInTheDocument();
  });

  it("loads more pages and shows an empty state", async () => {
    mockSignedIn(new ApiMock())
      .on("GET /api/notifications", page([notification("1")], 1, "c2"))
      .on("GET /api/notifications?cursor=c2", page([notification("2")], 1));
    renderWithApp(<Screen />);
    await userEvent.click(
      await screen.findByRole("button", { name: "Load more" }),
    );
    expect(await screen.findByText("Bob is live 2")).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Load more" }),
    ).not.toBeInTheDocument();
  });

  it("explains a failed action", async () => {
    mockSignedIn(new ApiMock())
      .on("GET /api/notifications", page([notification("1")], 1))
      .on("POST /api/notifications/read-all", apiError(429, "rate_limited"));
    renderWithApp(<Screen />);
    await userEvent.click(
      await screen.findByRole("button", { name: "Mark all read" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("too often");
  });
});
