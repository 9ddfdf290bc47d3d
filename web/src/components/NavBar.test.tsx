import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { NavBar } from "./NavBar";

describe("NavBar", () => {
  it("shows the bell, profile and settings for a signed-in user, and logs out", async () => {
    const api = mockSignedIn(new ApiMock()).on("POST /api/auth/logout", {
      status: 204,
    });
    renderWithApp(<NavBar />);
    expect(
      await screen.findByRole("link", { name: "Alice @alice" }),
    ).toHaveAttribute("href", "/u/alice");
    expect(
      screen.getByRole("link", { name: "Notifications" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Notification settings" }),
    ).toHaveAttribute("href", "/settings/notifications");
    expect(
      screen.queryByRole("link", { name: "Admin" }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Log out" }));
    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent("/login"),
    );
    expect(api.callsTo("POST /api/auth/logout")).toHaveLength(1);
    expect(screen.getByRole("link", { name: "Sign up" })).toBeInTheDocument();
  });

  it("links operators to the admin dashboard", async () => {
    mockSignedIn(new ApiMock(), makeUser({ handle: "ops", isAdmin: true }));
    renderWithApp(<NavBar />);
    expect(await screen.findByRole("link", { name: "Admin" })).toHaveAttribute(
      "href",
      "/admin",
    );
  });

  it("offers log in and sign up to visitors", async () => {
    new ApiMock().on("GET /api/me", apiError(401, "unauthenticated"));
    renderWithApp(<NavBar />);
    expect(await screen.findByRole("link", { name: "Log in" })).toHaveAttribute(
      "href",
      "/login",
    );
    expect(
      screen.queryByRole("link", { name: /Notifications/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole("link", { name: "Admin" }),
    ).not.toBeInTheDocument();
  });
});
