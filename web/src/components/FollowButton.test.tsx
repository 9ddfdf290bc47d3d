import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { FollowButton } from "./FollowButton";

function profile(isFollowing: boolean) {
  return {
    status: 200,
    body: {
      user: makeUser({ id: "u2", handle: "bob", displayName: "Bob" }),
      followerCount: 1,
      followingCount: 0,
      isFollowing,
      liveStream: null,
    },
  };
}

describe("FollowButton", () => {
  it("follows and unfollows, telling the caller", async () => {
    const onChange = vi.fn();
    const api = mockSignedIn(new ApiMock())
      .on("POST /api/users/bob/follow", { status: 204 })
      .on("DELETE /api/users/bob/follow", { status: 204 });
    renderWithApp(
      <FollowButton
        handle="bob"
        initialFollowing={false}
        onChange={onChange}
      />,
    );
    await userEvent.click(
      await screen.findByRole("button", { name: "Follow" }),
    );
    expect(
      await screen.findByRole("button", { name: "Unfollow" }),
    ).toBeEnabled();
    expect(api.callsTo("POST /api/users/bob/follow")).toHaveLength(1);
    expect(onChange).toHaveBeenLastCalledWith(true);

    await userEvent.click(screen.getByRole("button", { name: "Unfollow" }));
    expect(await screen.findByRole("button", { name: "Follow" })).toBeEnabled();
    expect(api.callsTo("DELETE /api/users/bob/follow")).toHaveLength(1);
    expect(onChange).toHaveBeenLastCalledWith(false);
    expect(api.callsTo("GET /api/users/bob")).toHaveLength(0);
  });

  it("asks the profile when the state is not given", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/users/bob", profile(true));
    renderWithApp(<FollowButton handle="bob" />);
    expect(
      await screen.findByRole("button", { name: "Unfollow" }),
    ).toBeEnabled();
  });

  it("keeps the state and explains a failed follow", async () => {
    const onChange = vi.fn();
    mockSignedIn(new ApiMock()).on(
      "POST /api/users/bob/follow",
      apiError(429, "rate_limited"),
    );
    renderWithApp(
      <FollowButton
        handle="bob"
        initialFollowing={false}
        onChange={onChange}
      />,
    );
    await userEvent.click(
      await screen.findByRole("button", { name: "Follow" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("too often");
    expect(screen.getByRole("button", { name: "Follow" })).toBeEnabled();
    expect(onChange).not.toHaveBeenCalled();
  });

  it("is hidden on the viewer's own handle", async () => {
    const api = mockSignedIn(new ApiMock());
    renderWithApp(
      <>
        <FollowButton handle="alice" />
        <FollowButton handle="bob" initialFollowing={false} />
      </>,
    );
    expect(await screen.findByRole("button", { name: "Follow" })).toBeEnabled();
    expect(screen.getAllByRole("button")).toHaveLength(1);
    expect(api.callsTo("GET /api/users/alice")).toHaveLength(0);
  });

  it("sends a visitor to sign in and back", async () => {
    new ApiMock().on("GET /api/me", apiError(401, "unauthenticated"));
    renderWithApp(<FollowButton handle="bob" />, {
      route: "/live/s1?from=home",
    });
    expect(
      await screen.findByRole("link", { name: "Sign in to follow" }),
    ).toHaveAttribute("href", "/login?next=%2Flive%2Fs1%3Ffrom%3Dhome");
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
