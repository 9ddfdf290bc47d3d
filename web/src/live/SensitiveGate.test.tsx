import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { SensitiveGate } from "./SensitiveGate";

describe("SensitiveGate", () => {
  it("takes focus, names the stream, and continues only when asked", async () => {
    mockSignedIn(new ApiMock());
    const onContinue = vi.fn();
    renderWithApp(
      <SensitiveGate title="Surgery live" onContinue={onContinue} />,
    );
    expect(
      screen.getByRole("heading", { name: "Sensitive content" }),
    ).toHaveFocus();
    expect(screen.getByText(/marked as sensitive/)).toHaveTextContent(
      "Surgery live",
    );
    expect(screen.getByRole("link", { name: "Go back" })).toHaveAttribute(
      "href",
      "/",
    );
    expect(onContinue).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Watch anyway" }));
    expect(onContinue).toHaveBeenCalledTimes(1);
  });
});
