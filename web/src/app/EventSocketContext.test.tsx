import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeUser } from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { useAuth } from "./AuthContext";

function SignIn() {
  const { status, login } = useAuth();
  return (
    <p>
      {status}{" "}
      <button type="button" onClick={() => void login("alice", "pw")}>
        Sign in
      </button>
    </p>
  );
}

describe("EventSocketProvider", () => {
  it("opens /ws for a visitor once the session is known", async () => {
    new ApiMock().on("GET /api/me", apiError(401, "unauthenticated"));
    renderWithApp(<SignIn />);
    expect(FakeWebSocket.instances).toHaveLength(0); // not while the session is checked
    await screen.findByText(/signedOut/);
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    expect(FakeWebSocket.latest().url).toMatch(/\/ws$/);
  });

  it("opens again as the user who signs in", async () => {
    new ApiMock()
      .on("GET /api/me", apiError(401, "unauthenticated"))
      .on("POST /api/auth/login", {
        status: 200,
        body: { user: makeUser(), token: "t" },
      })
      .on("GET /api/notifications", {
        status: 200,
        body: { items: [], unreadCount: 0, nextCursor: null },
      });
    renderWithApp(<SignIn />);
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const visitorSocket = FakeWebSocket.latest();
    act(() => visitorSocket.serverOpen());

    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByText(/signedIn/);
    expect(visitorSocket.closedByClient).not.toBeNull();
    expect(FakeWebSocket.instances).toHaveLength(2);
  });
});
