import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { EndStreamDialog } from "./EndStreamDialog";

function renderDialog(
  overrides: Partial<Parameters<typeof EndStreamDialog>[0]> = {},
) {
  const props = {
    title: "End it?",
    choiceName: "recording",
    saveLabel: "Keep it",
    discardLabel: "Drop it",
    saveRecording: true,
    onSaveRecordingChange: vi.fn(),
    error: null,
    busy: false,
    onConfirm: vi.fn(),
    onClose: vi.fn(),
    ...overrides,
  };
  render(
    <EndStreamDialog {...props}>
      <p>Everyone is told.</p>
    </EndStreamDialog>,
  );
  return props;
}

describe("EndStreamDialog", () => {
  it("asks what to do with the recording and reports the choice, confirm and cancel", async () => {
    const user = userEvent.setup();
    const props = renderDialog();
    const dialog = screen.getByRole("dialog", { name: "End it?" });
    expect(dialog).toHaveTextContent("Everyone is told.");
    expect(
      screen.getByRole("group", { name: "Recording" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "Keep it" })).toBeChecked();
    expect(screen.getByRole("radio", { name: "Keep it" })).toHaveFocus();
    await user.click(screen.getByRole("radio", { name: "Drop it" }));
    expect(props.onSaveRecordingChange).toHaveBeenCalledWith(false);
    await user.click(screen.getByRole("button", { name: "End stream" }));
    expect(props.onConfirm).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await user.keyboard("{Escape}");
    expect(props.onClose).toHaveBeenCalledTimes(2);
  });

  it("holds still while the end request is on its way, and shows why it failed", async () => {
    const user = userEvent.setup();
    const props = renderDialog({ busy: true, error: "Try again." });
    expect(screen.getByRole("alert")).toHaveTextContent("Try again.");
    expect(screen.getByRole("button", { name: "Ending…" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeDisabled();
    await user.keyboard("{Escape}");
    expect(props.onClose).not.toHaveBeenCalled();
  });

  it("offers only Close once the stream turned out to be over", () => {
    renderDialog({ alreadyEnded: true, saveRecording: false });
    expect(screen.getByRole("radio", { name: "Drop it" })).toBeChecked();
    expect(
      screen.queryByRole("button", { name: "End stream" }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Close" })).toBeEnabled();
  });
});
