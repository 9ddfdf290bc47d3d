import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Ban } from "../api/client";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { BannedUsersSection } from "./BannedUsersSection";

const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });
const mia = makeUser({ id: "u5", handle: "mia", displayName: "Mia" });

function ban(overrides: Partial<Ban>): Ban {
  return {
    creator: bob,
    user: makeUser({ id: "u7", handle: "spammy", displayName: "Spammy" }),
    until: null,
    reason: "",
    createdAt: "2026-11-24T10:00:00.000Z",
    createdBy: bob,
    ...overrides,
  };
}

const permanent = ban({ reason: "links to scams" });
const timeout = ban({
  user: makeUser({ id: "u8", handle: "loud", displayName: "Loud" }),
  until: new Date(2026, 10, 24, 18, 42).toISOString(),
  createdBy: mia,
});

describe("BannedUsersSection", () => {
  it("lists the channel's bans with until, reason and by whom, and lifts one", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), bob)
      .on("GET /api/users/bob/bans", {
        status: 200,
        body: { items: [permanent, timeout] },
      })
      .on("DELETE /api/users/bob/bans/loud", { status: 204 });
    renderWithApp(<BannedUsersSection creatorHandle="bob" />);
    const list = await screen.findByRole("list", { name: "Banned users" });
    const [first, second] = within(list).getAllByRole("listitem");
    expect(first).toHaveTextContent("Spammy @spammy");
    expect(first).toHaveTextContent("Banned for good · by @bob");
    expect(first).toHaveTextContent("Reason: links to scams");
    expect(second).toHaveTextContent(
      /Timed out until .*(18:42|6:42\sPM) · by @mia/,
    );
    expect(second).not.toHaveTextContent("Reason");

    await user.click(
      screen.getByRole("button", { name: "Lift the ban on @loud" }),
    );
    await waitFor(() => expect(within(list).queryByText("Loud")).toBeNull());
    expect(api.callsTo("DELETE /api/users/bob/bans/loud")).toHaveLength(1);
    expect(within(list).getByText("Spammy")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(
      "Lifted the ban on @loud.",
    );
  });

  it("says when nobody is banned, and refreshes", async () => {
    const api = mockSignedIn(new ApiMock(), bob).on(
      "GET /api/users/bob/bans",
      { status: 200, body: { items: [] } },
      { status: 200, body: { items: [permanent] } },
    );
    renderWithApp(<BannedUsersSection creatorHandle="bob" />);
    expect(
      await screen.findByText("Nobody is banned from your streams."),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect(await screen.findByText("Spammy")).toBeInTheDocument();
    expect(api.callsTo("GET /api/users/bob/bans")).toHaveLength(2);
  });

  it("keeps the ban and says why when lifting fails", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), bob)
      .on("GET /api/users/bob/bans", {
        status: 200,
        body: { items: [permanent] },
      })
      .on("DELETE /api/users/bob/bans/spammy", apiError(403, "forbidden"));
    renderWithApp(<BannedUsersSection creatorHandle="bob" />);
    await user.click(
      await screen.findByRole("button", { name: "Lift the ban on @spammy" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You are not allowed to do that.",
    );
    expect(screen.getByText("Spammy")).toBeInTheDocument();
  });
});
