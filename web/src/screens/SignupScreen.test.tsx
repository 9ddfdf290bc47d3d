import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeUser } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { SignupScreen } from "./SignupScreen";

function signedOut(): ApiMock {
  return new ApiMock()
    .on("GET /api/me", apiError(401, "unauthenticated"))
    .on("GET /api/notifications", {
      status: 200,
      body: { items: [], unreadCount: 0, nextCursor: null },
    });
}

async function fill() {
  await userEvent.type(screen.getByLabelText("Display name"), "Alice A");
  await userEvent.type(screen.getByLabelText("Handle"), "alice");
  await userEvent.type(screen.getByLabelText("Email"), "alice@example.com");
  await userEvent.type(screen.getByLabelText("Password"), "long-enough");
  await userEvent.click(screen.getByRole("button", { name: "Sign up" }));
}

describe("SignupScreen", () => {
  it("creates the account and goes home", async () => {
    const api = signedOut().on("POST /api/auth/signup", {
      status: 201,
      body: { user: makeUser(), token: "t" },
    });
    renderWithApp(<SignupScreen />, { route: "/signup" });
    await fill();
    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/),
    );
    expect(api.callsTo("POST /api/auth/signup")[0]?.body).toEqual({
      handle: "alice",
      email: "alice@example.com",
      password: "long-enough",
      displayName: "Alice A",
    });
  });

  it("puts a server validation error next to the field it names", async () => {
    signedOut().on("POST /api/auth/signup", {
      status: 400,
      body: {
        error: {
          code: "validation_failed",
          message: "Password is too short",
          details: { field: "password" },
        },
      },
    });
    renderWithApp(<SignupScreen />);
    await fill();
    await waitFor(() =>
      expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
        "Password is too short",
      ),
    );
  });

  it("puts handle_taken next to the handle", async () => {
    signedOut().on("POST /api/auth/signup", apiError(409, "handle_taken"));
    renderWithApp(<SignupScreen />);
    await fill();
    await waitFor(() =>
      expect(screen.getByLabelText("Handle")).toHaveAccessibleDescription(
        /already taken/,
      ),
    );
  });

  it("checks the fields before sending", async () => {
    const api = signedOut();
    renderWithApp(<SignupScreen />);
    await userEvent.type(screen.getByLabelText("Handle"), "bad handle!");
    await userEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect(screen.getByLabelText("Handle")).toHaveAccessibleDescription(
      "A handle cannot contain spaces.",
    );
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
      "Choose a password.",
    );
    expect(screen.getByLabelText("Email")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(api.callsTo("POST /api/auth/signup")).toHaveLength(0);
  });
});
