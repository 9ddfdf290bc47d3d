import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeScheduled, makeUser } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ScheduledList } from "./ScheduledList";

describe("ScheduledList", () => {
  it("names each creator when asked, and offers a live one to watch", async () => {
    new ApiMock().on("GET /api/me", apiError(401, "unauthenticated"));
    const carol = makeUser({ id: "u3", handle: "carol", displayName: "Carol" });
    renderWithApp(
      <ScheduledList
        showAuthor
        onChange={() => undefined}
        items={[
          makeScheduled({
            id: "a",
            title: "On now",
            status: "live",
            streamId: "s1",
          }),
          makeScheduled({ id: "b", title: "Later", author: carol }),
        ]}
      />,
    );
    const live = screen.getByRole("article", { name: "On now" });
    expect(within(live).getByText("Live now")).toBeInTheDocument();
    expect(within(live).getByRole("link", { name: "Watch" })).toHaveAttribute(
      "href",
      "/live/s1",
    );
    expect(within(live).queryByRole("timer")).toBeNull();
    const later = screen.getByRole("article", { name: "Later" });
    expect(within(later).getByRole("link", { name: "Carol" })).toHaveAttribute(
      "href",
      "/u/carol",
    );
    expect(within(later).getByRole("timer")).toHaveTextContent(/^Starts in/);
    expect(
      await within(later).findByRole("link", {
        name: "Sign in to be reminded",
      }),
    ).toHaveAttribute("href", "/login?next=%2Fscheduled%2Fb");
  });
});
