import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { getAdminOverview } from "../api/client";
import { ApiMock, apiError, makeUser } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { useAuth } from "./AuthContext";

function WhoAmI() {
  const { status, user } = useAuth();
  return (
    <>
      <p>
        {status}
        {user !== null ? ` as @${user.handle}` : ""}
      </p>
      <button
        type="button"
        onClick={() => void getAdminOverview().catch(() => undefined)}
      >
        Ask
      </button>
    </>
  );
}

describe("AuthProvider", () => {
  it("drops to signed out when a request finds the session gone (e.g. suspended)", async () => {
    const api = new ApiMock()
      .on(
        "GET /api/me",
        { status: 200, body: { user: makeUser({ handle: "troll" }) } },
        apiError(401, "unauthenticated"),
      )
      .on("GET /api/notifications", {
        status: 200,
        body: { items: [], unreadCount: 0, nextCursor: null },
      })
      .on("GET /api/admin/overview", apiError(401, "unauthenticated"));
    renderWithApp(<WhoAmI />);
    expect(await screen.findByText("signedIn as @troll")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    expect(await screen.findByText("signedOut")).toBeInTheDocument();
    expect(api.callsTo("GET /api/me")).toHaveLength(2);
    // Signed out, a further 401 asks nothing more.
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    await waitFor(() =>
      expect(api.callsTo("GET /api/admin/overview")).toHaveLength(2),
    );
    expect(api.callsTo("GET /api/me")).toHaveLength(2);
  });

  it("stays signed in when the session is still good (a 401 for something else)", async () => {
    const api = new ApiMock()
      .on("GET /api/me", {
        status: 200,
        body: { user: makeUser({ handle: "alice" }) },
      })
      .on("GET /api/notifications", {
        status: 200,
        body: { items: [], unreadCount: 0, nextCursor: null },
      })
      .on("GET /api/admin/overview", apiError(401, "unauthenticated"));
    renderWithApp(<WhoAmI />);
    await screen.findByText("signedIn as @alice");
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    await waitFor(() => expect(api.callsTo("GET /api/me")).toHaveLength(2));
    expect(screen.getByText("signedIn as @alice")).toBeInTheDocument();
  });
});
