import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { makeUser } from "../test/apiMock";
import { CameraPaused } from "./CameraPaused";

describe("CameraPaused", () => {
  it("shows the creator's avatar", () => {
    render(
      <CameraPaused
        creator={makeUser({
          displayName: "Bob",
          avatarUrl: "/media/avatars/u2?v=2",
        })}
      />,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Camera paused");
    expect(screen.getByRole("img", { name: "Bob" })).toHaveAttribute(
      "src",
      "/media/avatars/u2?v=2",
    );
  });

  it("draws initials when there is no avatar", () => {
    render(
      <CameraPaused
        creator={makeUser({ displayName: "ada lovelace", avatarUrl: null })}
      />,
    );
    expect(screen.getByRole("img", { name: "ada lovelace" })).toHaveTextContent(
      "AL",
    );
  });
});
