import { render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { AuthProvider } from "../app/AuthContext";
import { EventSocketProvider } from "../app/EventSocketContext";
import { NotificationsProvider } from "../app/NotificationsContext";

function LocationProbe() {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
}

export interface RenderOptions {
  /** The URL the router starts at. */
  route?: string;
  /** The route pattern `ui` is mounted at, so useParams works. */
  path?: string;
}

/** Renders `ui` inside the app's providers and a memory router, with a probe of the location. */
export function renderWithApp(
  ui: ReactElement,
  { route = "/", path = "*" }: RenderOptions = {},
): RenderResult {
  return render(
    <MemoryRouter initialEntries={[route]}>
      <AuthProvider>
        <EventSocketProvider>
          <NotificationsProvider>
            <Routes>
              <Route path={path} element={ui} />
              {path !== "*" ? (
                <Route path="*" element={<p>other page</p>} />
              ) : null}
            </Routes>
            <LocationProbe />
          </NotificationsProvider>
        </EventSocketProvider>
      </AuthProvider>
    </MemoryRouter>,
  );
}
