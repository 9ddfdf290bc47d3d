import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { makeUser } from "../test/apiMock";
import { Avatar, avatarColor, initialsOf } from "./Avatar";

describe("Avatar", () => {
  it("shows the uploaded picture, described by the user's name", () => {
    render(
      <Avatar
        user={makeUser({
          displayName: "Alice",
          avatarUrl: "/media/avatars/u1",
        })}
        size="large"
      />,
    );
    const image = screen.getByRole("img", { name: "Alice" });
    expect(image.tagName).toBe("IMG");
    expect(image).toHaveAttribute("src", "/media/avatars/u1");
    expect(image).toHaveAttribute("width", "96");
  });

  it("draws initials on the user's own colour without a picture", () => {
    render(
      <>
        <Avatar user={makeUser({ id: "u1", displayName: "Ada Lovelace" })} />
        <Avatar
          user={makeUser({
            id: "u2",
            displayName: "Ada Byron",
            avatarUrl: null,
          })}
        />
      </>,
    );
    const [first, second] = screen.getAllByRole("img");
    expect(first).toHaveAccessibleName("Ada Lovelace");
    expect(first).toHaveTextContent("AL");
    expect(second).toHaveTextContent("AB");
    expect(first!.style.backgroundColor).not.toBe("");
    expect(first!.style.backgroundColor).not.toBe(
      second!.style.backgroundColor,
    );
  });

  it("takes the initials from the first two words, whatever the script", () => {
    expect(initialsOf("ada lovelace byron")).toBe("AL");
    expect(initialsOf("  bob ")).toBe("B");
    expect(initialsOf("Élodie 山田")).toBe("É山");
    expect(initialsOf("😀 party")).toBe("😀P");
    expect(initialsOf("")).toBe("");
  });

  it("gives one user the same colour every time and others different ones", () => {
    expect(avatarColor("u1")).toBe(avatarColor("u1"));
    expect(avatarColor("u1")).not.toBe(avatarColor("u2"));
    expect(avatarColor("u1")).toMatch(/^hsl\(\d+ 55% 29%\)$/);
  });

  it("falls back to the handle's initial when the name is empty", () => {
    render(<Avatar user={makeUser({ handle: "zed", displayName: "" })} />);
    expect(screen.getByRole("img", { name: "@zed" })).toHaveTextContent("Z");
  });
});
