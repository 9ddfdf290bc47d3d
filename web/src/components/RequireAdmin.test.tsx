import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { RequireAdmin } from "./RequireAdmin";

describe("RequireAdmin", () => {
  it("shows operators their page", async () => {
    mockSignedIn(new ApiMock(), makeUser({ isAdmin: true }));
    renderWithApp(
      <RequireAdmin>
        <p>secret numbers</p>
      </RequireAdmin>,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Loading");
    expect(await screen.findByText("secret numbers")).toBeInTheDocument();
  });

  it("tells everyone else the page is for operators only", async () => {
    mockSignedIn(new ApiMock(), makeUser({ isAdmin: false }));
    renderWithApp(
      <RequireAdmin>
        <p>secret numbers</p>
      </RequireAdmin>,
    );
    expect(
      await screen.findByText("Only operators can see this page."),
    ).toBeInTheDocument();
    expect(screen.queryByText("secret numbers")).not.toBeInTheDocument();
  });

  it("offers a retry when the session cannot be checked", async () => {
    new ApiMock().on("GET /api/me", apiError(500, "internal"));
    renderWithApp(
      <RequireAdmin>
        <p>secret numbers</p>
      </RequireAdmin>,
    );
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Retry" })).toBeInTheDocument();
    expect(screen.queryByText("secret numbers")).not.toBeInTheDocument();
  });
});
