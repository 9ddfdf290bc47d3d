import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import {
  ApiMock,
  apiError,
  makeScheduled,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { isoToLocalInput } from "./scheduleForm";
import { ScheduledLiveScreen } from "./ScheduledLiveScreen";
import { ScheduleLiveScreen } from "./ScheduleLiveScreen";

const alice = makeUser();

function renderForm() {
  return renderWithApp(
    <Routes>
      <Route path="/scheduled/new" element={<ScheduleLiveScreen />} />
      <Route path="/scheduled/:id" element={<ScheduledLiveScreen />} />
    </Routes>,
    { route: "/scheduled/new" },
  );
}

/** `minutes` from now as the time field takes it. */
function inMinutes(minutes: number): string {
  return isoToLocalInput(Date.now() + minutes * 60_000);
}

async function setTime(
  user: ReturnType<typeof userEvent.setup>,
  value: string,
) {
  const when = screen.getByLabelText("Date and time");
  await user.clear(when);
  if (value !== "") await user.type(when, value);
}

describe("ScheduleLiveScreen", () => {
  it("suggests a time, says the time zone, and links to Go live", async () => {
    mockSignedIn(new ApiMock(), alice);
    renderForm();
    await screen.findByRole("heading", { name: "Schedule a live" });
    const when = screen.getByLabelText("Date and time");
    expect(when).toHaveAttribute("type", "datetime-local");
    expect((when as HTMLInputElement).value).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:00$/,
    );
    expect(when).toHaveAccessibleDescription(/^In your time zone/);
    expect(screen.getByLabelText("Title")).toHaveAttribute(
      "placeholder",
      "Alice's live",
    );
    expect(
      screen.getByRole("link", { name: "Go live instead" }),
    ).toHaveAttribute("href", "/live/new");
  });

  it("checks the time and the price as the server would, sending nothing", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), alice);
    renderForm();
    await screen.findByRole("heading", { name: "Schedule a live" });
    await setTime(user, inMinutes(2));
    await user.click(screen.getByRole("radio", { name: "Paid" }));
    await user.click(screen.getByRole("button", { name: "Schedule" }));
    const when = screen.getByLabelText("Date and time");
    expect(when).toHaveAccessibleDescription(
      /^Choose a time at least 5 minutes from now\./,
    );
    expect(when).toHaveFocus();
    expect(
      screen.getByLabelText("Price in credits"),
    ).toHaveAccessibleDescription(/^Set a price for paid streams\./);
    await setTime(user, inMinutes(91 * 24 * 60));
    await user.click(screen.getByRole("button", { name: "Schedule" }));
    expect(when).toHaveAccessibleDescription(
      /^Choose a time within the next 90 days\./,
    );
    expect(api.callsTo("POST /api/scheduled-lives")).toHaveLength(0);
  });

  it("schedules a weekly live and opens its page, saying how many were made", async () => {
    const user = userEvent.setup();
    const first = makeScheduled({
      id: "sch7",
      author: alice,
      title: "Morning yoga",
    });
    const api = mockSignedIn(new ApiMock(), alice)
      .on("POST /api/scheduled-lives", {
        status: 201,
        body: {
          scheduled: first,
          occurrences: [
            first,
            makeScheduled({ id: "sch8" }),
            makeScheduled({ id: "sch9" }),
          ],
        },
      })
      .on("GET /api/scheduled-lives/sch7", {
        status: 200,
        body: { scheduled: first },
      });
    renderForm();
    await screen.findByRole("heading", { name: "Schedule a live" });
    await user.type(screen.getByLabelText("Title"), "Morning yoga");
    const value = inMinutes(20);
    await setTime(user, value);
    await user.click(screen.getByRole("checkbox", { name: "Repeat weekly" }));
    const weeks = screen.getByLabelText("More weeks");
    expect(weeks).toHaveValue(3);
    await user.clear(weeks);
    await user.type(weeks, "2");
    expect(weeks).toHaveAccessibleDescription(
      /up to 11 more weeks: the last on/,
    );
    await user.click(screen.getByRole("button", { name: "Schedule" }));

    await screen.findByRole("heading", { level: 1, name: "Morning yoga" });
    expect(screen.getByTestId("location")).toHaveTextContent("/scheduled/sch7");
    expect(
      screen.getByText(
        "Scheduled, with 2 more weeks after it. Your followers are told.",
      ),
    ).toHaveAttribute("role", "status");
    expect(api.callsTo("POST /api/scheduled-lives")[0]?.body).toEqual({
      title: "Morning yoga",
      sensitivity: "none",
      gating: "public",
      startsAt: new Date(value).toISOString(),
      repeatWeeks: 2,
    });
  });

  it("shows the server's refusal beside its field, or below the form", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), alice).on(
      "POST /api/scheduled-lives",
      apiError(400, "validation_failed", { field: "title" }),
      apiError(503, "media_backend_unavailable"),
    );
    renderForm();
    await screen.findByRole("heading", { name: "Schedule a live" });
    await user.type(screen.getByLabelText("Title"), "Hello");
    await user.click(screen.getByRole("button", { name: "Schedule" }));
    const title = screen.getByLabelText("Title");
    await waitFor(() =>
      expect(title).toHaveAccessibleDescription(
        /^server says validation_failed/,
      ),
    );
    expect(title).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Schedule" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Live video is temporarily unavailable",
    );
    expect(screen.getByTestId("location")).toHaveTextContent("/scheduled/new");
  });
});
