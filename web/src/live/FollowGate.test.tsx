import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { FollowGate } from "./FollowGate";

describe("FollowGate", () => {
  it("follows the creator and reports back", async () => {
    const onFollowed = vi.fn();
    const api = mockSignedIn(new ApiMock()).on("POST /api/users/bob/follow", {
      status: 204,
    });
    renderWithApp(
      <FollowGate
        author={makeUser({ handle: "bob", displayName: "Bob" })}
        onFollowed={onFollowed}
      />,
    );
    expect(screen.getByRole("link", { name: "Bob" })).toHaveAttribute(
      "href",
      "/u/bob",
    );
    await userEvent.click(
      screen.getByRole("button", { name: "Follow @bob to watch" }),
    );
    await waitFor(() => expect(onFollowed).toHaveBeenCalled());
    expect(api.callsTo("POST /api/users/bob/follow")).toHaveLength(1);
  });

  it("explains a failed follow and stays", async () => {
    const onFollowed = vi.fn();
    mockSignedIn(new ApiMock()).on(
      "POST /api/users/bob/follow",
      apiError(429, "rate_limited"),
    );
    renderWithApp(
      <FollowGate
        author={makeUser({ handle: "bob" })}
        onFollowed={onFollowed}
      />,
    );
    await userEvent.click(
      screen.getByRole("button", { name: "Follow @bob to watch" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("too often");
    expect(onFollowed).not.toHaveBeenCalled();
  });

  it("still explains the gate while the creator is unknown", () => {
    mockSignedIn(new ApiMock());
    renderWithApp(<FollowGate author={null} onFollowed={vi.fn()} />);
    expect(screen.getByText(/Only followers of/)).toHaveTextContent(
      "this creator",
    );
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
