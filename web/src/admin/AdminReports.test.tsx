import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Report } from "../api/client";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { AdminReports } from "./AdminReports";

const op = makeUser({ id: "u9", handle: "op", isAdmin: true });
const fay = makeUser({ id: "u5", handle: "fay", displayName: "Fay" });

function report(id: string, overrides: Partial<Report> = {}): Report {
  return {
    id,
    reporter: fay,
    itemType: "chat_message",
    itemId: "42",
    reason: "buys followers",
    status: "open",
    createdAt: "2026-11-24T10:00:00.000Z",
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    ...overrides,
  };
}

function page(items: Report[], nextCursor: string | null = null) {
  return { status: 200, body: { items, nextCursor } };
}

const chat = report("rep1");
const stream = report("rep2", {
  itemType: "live_stream",
  itemId: "s7",
  reason: "violence",
});
const reel = report("rep3", {
  itemType: "reel",
  itemId: "r3",
  reason: "stolen",
});
const person = report("rep4", {
  itemType: "user",
  itemId: "u3",
  reason: "impersonates me",
});

function entries(): HTMLElement[] {
  return within(
    screen.getByRole("list", { name: "Open reports" }),
  ).getAllByRole("listitem");
}

function entry(text: string): HTMLElement {
  const found = entries().find((item) => item.textContent?.includes(text));
  if (found === undefined) throw new Error(`no report with ${text}`);
  return found;
}

describe("AdminReports", () => {
  it("lists open reports with reporter, item, reason and time, and the actions that fit each", async () => {
    mockSignedIn(new ApiMock(), op).on(
      "GET /api/admin/reports",
      page([chat, stream, reel, person]),
    );
    renderWithApp(<AdminReports />);
    const tabs = await screen.findAllByRole("tab");
    expect(tabs.map((t) => t.textContent)).toEqual(["Open", "Resolved"]);
    expect(tabs[0]).toHaveAttribute("aria-selected", "true");
    await screen.findByRole("list", { name: "Open reports" });

    const onChat = entry("Chat message #42");
    expect(onChat).toHaveTextContent("“buys followers”");
    expect(within(onChat).getByRole("link", { name: "@fay" })).toHaveAttribute(
      "href",
      "/u/fay",
    );
    expect(within(onChat).getByText(/./, { selector: "time" })).toHaveAttribute(
      "datetime",
      chat.createdAt,
    );
    const buttons = (item: HTMLElement) =>
      within(item)
        .getAllByRole("button")
        .map((b) => b.textContent);
    expect(buttons(onChat)).toEqual(["Dismiss", "Remove item", "Suspend user"]);
    expect(
      within(onChat).getByRole("button", { name: "Dismiss" }),
    ).toHaveAccessibleDescription("Chat message #42");

    const onStream = entry("violence");
    expect(
      within(onStream).getByRole("link", { name: "Live stream s7" }),
    ).toHaveAttribute("href", "/live/s7");
    expect(buttons(onStream)).toEqual([
      "Dismiss",
      "End stream",
      "Suspend user",
    ]);

    const onReel = entry("stolen");
    expect(
      within(onReel).getByRole("link", { name: "Reel r3" }),
    ).toHaveAttribute("href", "/reels/r3");
    expect(buttons(onReel)).toEqual(["Dismiss", "Remove item", "Suspend user"]);

    const onUser = entry("impersonates me");
    expect(onUser).toHaveTextContent("User u3");
    expect(buttons(onUser)).toEqual(["Dismiss", "Suspend user"]);
  });

  it("removes a reported message after confirming; the report leaves the open list", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), op)
      .on("GET /api/admin/reports", page([chat, reel]))
      .on("POST /api/admin/reports/rep1/resolve", {
        status: 200,
        body: {
          report: { ...chat, status: "resolved", resolution: "remove_item" },
        },
      });
    renderWithApp(<AdminReports />);
    await screen.findByRole("list", { name: "Open reports" });
    await user.click(
      within(entry("Chat message #42")).getByRole("button", {
        name: "Remove item",
      }),
    );
    const dialog = screen.getByRole("dialog", {
      name: "Remove this chat message?",
    });
    expect(dialog).toHaveTextContent(
      "The chat message is removed for everyone, and the report is resolved.",
    );
    // Cancel sends nothing.
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(api.callsTo("POST /api/admin/reports/rep1/resolve")).toHaveLength(0);

    await user.click(
      within(entry("Chat message #42")).getByRole("button", {
        name: "Remove item",
      }),
    );
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "Remove",
      }),
    );
    await waitFor(() => expect(entries()).toHaveLength(1));
    expect(
      api.callsTo("POST /api/admin/reports/rep1/resolve")[0]?.body,
    ).toEqual({
      action: "remove_item",
    });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("status")).toHaveTextContent(
      "Report resolved: the chat message was removed.",
    );
    expect(entries()[0]).toHaveTextContent("stolen");
  });

  it("dismisses without asking, and ends a stream or suspends only after confirming", async () => {
    const user = userEvent.setup();
    const ok = { status: 200, body: { report: {} } };
    const api = mockSignedIn(new ApiMock(), op)
      .on("GET /api/admin/reports", page([stream, reel, person]))
      .on("POST /api/admin/reports/rep2/resolve", ok)
      .on("POST /api/admin/reports/rep3/resolve", ok)
      .on("POST /api/admin/reports/rep4/resolve", ok);
    renderWithApp(<AdminReports />);
    await screen.findByRole("list", { name: "Open reports" });

    await user.click(
      within(entry("stolen")).getByRole("button", { name: "Dismiss" }),
    );
    await waitFor(() => expect(entries()).toHaveLength(2));
    expect(
      api.callsTo("POST /api/admin/reports/rep3/resolve")[0]?.body,
    ).toEqual({
      action: "dismiss",
    });
    expect(screen.getByRole("status")).toHaveTextContent("Report dismissed.");

    await user.click(
      within(entry("violence")).getByRole("button", { name: "End stream" }),
    );
    const end = screen.getByRole("dialog", { name: "End this live stream?" });
    await user.click(within(end).getByRole("button", { name: "End stream" }));
    await waitFor(() => expect(entries()).toHaveLength(1));
    expect(
      api.callsTo("POST /api/admin/reports/rep2/resolve")[0]?.body,
    ).toEqual({
      action: "end_stream",
    });

    await user.click(
      within(entry("impersonates me")).getByRole("button", {
        name: "Suspend user",
      }),
    );
    const suspend = screen.getByRole("dialog", { name: "Suspend this user?" });
    await user.click(within(suspend).getByRole("button", { name: "Suspend" }));
    expect(await screen.findByText("No open reports.")).toBeInTheDocument();
    expect(
      api.callsTo("POST /api/admin/reports/rep4/resolve")[0]?.body,
    ).toEqual({
      action: "suspend_user",
    });
  });

  it("keeps the dialog open and says why when the server refuses; drops a report resolved elsewhere", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), op)
      .on("GET /api/admin/reports", page([chat, reel]))
      .on(
        "POST /api/admin/reports/rep1/resolve",
        apiError(400, "validation_failed", { field: "action" }),
      )
      .on("POST /api/admin/reports/rep3/resolve", apiError(409, "conflict"));
    renderWithApp(<AdminReports />);
    await screen.findByRole("list", { name: "Open reports" });
    await user.click(
      within(entry("Chat message #42")).getByRole("button", {
        name: "Suspend user",
      }),
    );
    const dialog = screen.getByRole("dialog", {
      name: "Suspend the author of this chat message?",
    });
    await user.click(within(dialog).getByRole("button", { name: "Suspend" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Some of the details are not valid.",
    );
    expect(entries()).toHaveLength(2);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();

    await user.click(
      within(entry("stolen")).getByRole("button", { name: "Remove item" }),
    );
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "Remove",
      }),
    );
    await waitFor(() => expect(entries()).toHaveLength(1));
    expect(screen.getByRole("status")).toHaveTextContent(
      "Someone resolved this report already.",
    );
  });

  it("shows resolved reports in their tab, with who resolved them and how", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), op)
      .on("GET /api/admin/reports?status=open", page([chat]))
      .on(
        "GET /api/admin/reports?status=resolved",
        page([
          report("rep8", {
            status: "resolved",
            resolvedAt: "2026-11-24T11:00:00.000Z",
            resolvedBy: op,
            resolution: "remove_item",
          }),
        ]),
      );
    renderWithApp(<AdminReports />);
    await screen.findByRole("list", { name: "Open reports" });
    const open = screen.getByRole("tab", { name: "Open" });
    open.focus();
    await user.keyboard("{ArrowRight}");
    const resolved = screen.getByRole("tab", { name: "Resolved" });
    expect(resolved).toHaveAttribute("aria-selected", "true");
    expect(resolved).toHaveFocus();
    const list = await screen.findByRole("list", { name: "Resolved reports" });
    const item = within(list).getByRole("listitem");
    expect(item).toHaveTextContent(
      /Resolved by @op · .+ · chat message removed/,
    );
    expect(within(item).queryByRole("button")).toBeNull();
    expect(screen.getByRole("tabpanel")).toHaveAccessibleName("Resolved");
    expect(api.callsTo("GET /api/admin/reports")).toHaveLength(2);
  });

  it("pages with Load more", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), op)
      .on("GET /api/admin/reports?status=open", page([chat], "c1"))
      .on("GET /api/admin/reports?status=open&cursor=c1", page([reel]));
    renderWithApp(<AdminReports />);
    await screen.findByRole("list", { name: "Open reports" });
    await user.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(entries()).toHaveLength(2));
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });
});
