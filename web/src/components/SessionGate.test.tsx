import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { SessionGate } from "./SessionGate";

const gated = (
  <SessionGate
    allows={({ user }) => user?.handle === "alice"}
    fallback={<p>not for you</p>}
  >
    <p>inside</p>
  </SessionGate>
);

describe("SessionGate", () => {
  it("waits for the session, then shows its children to an allowed one", async () => {
    mockSignedIn(new ApiMock(), makeUser({ handle: "alice" }));
    renderWithApp(gated);
    expect(screen.getByRole("status")).toHaveTextContent("Loading…");
    expect(await screen.findByText("inside")).toBeInTheDocument();
    expect(screen.queryByText("not for you")).not.toBeInTheDocument();
  });

  it("shows the fallback to a session it does not allow", async () => {
    mockSignedIn(new ApiMock(), makeUser({ handle: "bob" }));
    renderWithApp(gated);
    expect(await screen.findByText("not for you")).toBeInTheDocument();
    expect(screen.queryByText("inside")).not.toBeInTheDocument();
  });

  it("offers a retry when the session cannot be checked", async () => {
    new ApiMock().on("GET /api/me", apiError(500, "internal"), {
      status: 200,
      body: { user: makeUser({ handle: "alice" }) },
    });
    renderWithApp(gated);
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(screen.queryByText("inside")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("inside")).toBeInTheDocument();
  });
});
