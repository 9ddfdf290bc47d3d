import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ModeratorsSection } from "./ModeratorsSection";

const mia = makeUser({ id: "u5", handle: "mia", displayName: "Mia" });
const dan = makeUser({ id: "u6", handle: "dan", displayName: "Dan" });

function list(): HTMLElement {
  return screen.getByRole("list", { name: "Your moderators" });
}

describe("ModeratorsSection", () => {
  it("lists the moderators, adds one by handle and removes one", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock())
      .on(
        "GET /api/me/moderators",
        { status: 200, body: { items: [mia] } },
        { status: 200, body: { items: [mia, dan] } },
      )
      .on("PUT /api/me/moderators/dan", { status: 204 })
      .on("DELETE /api/me/moderators/mia", { status: 204 });
    renderWithApp(<ModeratorsSection />);
    expect(
      await within(await screen.findByRole("list")).findByText("Mia"),
    ).toBeInTheDocument();

    await user.type(screen.getByLabelText("Add a moderator"), " @dan ");
    await user.click(screen.getByRole("button", { name: "Add" }));
    expect(await within(list()).findByText("Dan")).toBeInTheDocument();
    expect(api.callsTo("PUT /api/me/moderators/dan")).toHaveLength(1);
    expect(screen.getByRole("status")).toHaveTextContent(
      "@dan is now a moderator.",
    );
    expect(screen.getByLabelText("Add a moderator")).toHaveValue("");

    await user.click(
      screen.getByRole("button", { name: "Remove @mia as moderator" }),
    );
    await waitFor(() => expect(within(list()).queryByText("Mia")).toBeNull());
    expect(api.callsTo("DELETE /api/me/moderators/mia")).toHaveLength(1);
    expect(within(list()).getByText("Dan")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(
      "@mia is no longer a moderator.",
    );
  });

  it("says when nobody moderates yet, and why a handle cannot be added", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/me/moderators", { status: 200, body: { items: [] } })
      .on("PUT /api/me/moderators/ghost", apiError(404, "not_found"))
      .on(
        "PUT /api/me/moderators/alice",
        apiError(400, "validation_failed", { field: "handle" }),
      );
    renderWithApp(<ModeratorsSection />);
    expect(await screen.findByText("No moderators yet.")).toBeInTheDocument();
    const input = screen.getByLabelText("Add a moderator");
    // Nothing to add yet.
    expect(screen.getByRole("button", { name: "Add" })).toBeDisabled();

    await user.type(input, "ghost{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "There is no one with the handle @ghost.",
    );
    expect(input).toHaveValue("ghost");

    await user.clear(input);
    await user.type(input, "alice{Enter}");
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent(
        "You moderate your own channel already.",
      ),
    );
    expect(api.callsTo("GET /api/me/moderators")).toHaveLength(1);
  });

  it("offers a retry when the list does not load", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/me/moderators", "network_error", {
      status: 200,
      body: { items: [mia] },
    });
    renderWithApp(<ModeratorsSection />);
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    expect(await screen.findByText("Mia")).toBeInTheDocument();
  });
});
