import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { RequireAuth } from "./RequireAuth";

const guarded = (
  <RequireAuth>
    <p>secret</p>
  </RequireAuth>
);

describe("RequireAuth", () => {
  it("renders its children for a signed-in user", async () => {
    mockSignedIn(new ApiMock());
    renderWithApp(guarded);
    expect(await screen.findByText("secret")).toBeInTheDocument();
  });

  it("sends visitors to log in with the way back", async () => {
    new ApiMock().on("GET /api/me", apiError(401, "unauthenticated"));
    renderWithApp(guarded, {
      route: "/notifications?x=1",
      path: "/notifications",
    });
    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent(
        "/login?next=%2Fnotifications%3Fx%3D1",
      ),
    );
  });

  it("offers a retry when the session cannot be checked", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/me", "network_error", {
      status: 200,
      body: {
        user: {
          id: "u1",
          handle: "alice",
          displayName: "A",
          createdAt: "",
          isAdmin: false,
        },
      },
    });
    renderWithApp(guarded);
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    expect(await screen.findByText("secret")).toBeInTheDocument();
  });
});
