import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ReportButton } from "./ReportButton";

const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });

describe("ReportButton", () => {
  it("opens the report dialog for the item, and gives focus back when it closes", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock()).on("POST /api/reports", {
      status: 201,
      body: { report: {} },
    });
    renderWithApp(
      <ReportButton
        itemType="user"
        itemId="u2"
        subject="@bob"
        ownerId={bob.id}
      />,
    );
    const button = await screen.findByRole("button", { name: "Report @bob" });
    expect(button).toHaveTextContent("Report");
    await user.click(button);
    const dialog = screen.getByRole("dialog", { name: "Report @bob" });
    await user.type(within(dialog).getByRole("textbox"), "Impersonation");
    await user.click(
      within(dialog).getByRole("button", { name: "Send report" }),
    );
    await within(dialog).findByText("Thanks — operators will look at it.");
    expect(api.callsTo("POST /api/reports")[0]?.body).toEqual({
      itemType: "user",
      itemId: "u2",
      reason: "Impersonation",
    });
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(button).toHaveFocus();
  });

  it("is not offered to the item's own creator", async () => {
    mockSignedIn(new ApiMock(), bob);
    renderWithApp(
      <>
        <ReportButton
          itemType="reel"
          itemId="r1"
          subject="bob's reel"
          ownerId={bob.id}
        />
        <ReportButton
          itemType="reel"
          itemId="r2"
          subject="carol's reel"
          ownerId="u3"
        />
      </>,
    );
    // Once it is known who is signed in, only the other creator's reel can be reported.
    await screen.findByRole("button", { name: "Report carol's reel" });
    expect(
      screen.queryByRole("button", { name: "Report bob's reel" }),
    ).toBeNull();
  });
});
