import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeUser } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { LoginScreen } from "./LoginScreen";

function signedOut(): ApiMock {
  return new ApiMock()
    .on("GET /api/me", apiError(401, "unauthenticated"))
    .on("GET /api/notifications", {
      status: 200,
      body: { items: [], unreadCount: 0, nextCursor: null },
    });
}

describe("LoginScreen", () => {
  it("logs in with the same-origin cookie and returns to the page that asked", async () => {
    const api = signedOut().on("POST /api/auth/login", {
      status: 200,
      body: { user: makeUser(), token: "t" },
    });
    renderWithApp(<LoginScreen />, { route: "/login?next=%2Flive%2Fs1" });
    await userEvent.type(screen.getByLabelText("Handle or email"), "alice");
    await userEvent.type(screen.getByLabelText("Password"), "secret-pass");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent("/live/s1"),
    );
    const call = api.callsTo("POST /api/auth/login")[0]!;
    expect(call.body).toEqual({ login: "alice", password: "secret-pass" });
    expect(call.init?.credentials).toBe("same-origin");
  });

  it("never redirects off-site", async () => {
    signedOut().on("POST /api/auth/login", {
      status: 200,
      body: { user: makeUser(), token: "t" },
    });
    renderWithApp(<LoginScreen />, { route: "/login?next=%2F%2Fevil.example" });
    await userEvent.type(screen.getByLabelText("Handle or email"), "alice");
    await userEvent.type(screen.getByLabelText("Password"), "pw");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/),
    );
  });

  it("says when the credentials do not match", async () => {
    signedOut().on("POST /api/auth/login", apiError(401, "unauthenticated"));
    renderWithApp(<LoginScreen />);
    await userEvent.type(screen.getByLabelText("Handle or email"), "alice");
    await userEvent.type(screen.getByLabelText("Password"), "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("do not match");
  });

  it("asks for both fields before calling the server", async () => {
    const api = signedOut();
    renderWithApp(<LoginScreen />);
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Enter your handle or email",
    );
    expect(api.callsTo("POST /api/auth/login")).toHaveLength(0);
  });
});
