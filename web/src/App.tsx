import { useEffect, useRef, type ReactNode } from "react";
import { Route, Routes, useLocation } from "react-router";
import { AuthProvider } from "./app/AuthContext";
import { EventSocketProvider } from "./app/EventSocketContext";
import { NotificationsProvider } from "./app/NotificationsContext";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { NavBar } from "./components/NavBar";
import { OfflineBanner } from "./components/OfflineBanner";
import { RequireAdmin } from "./components/RequireAdmin";
import { RequireAuth } from "./components/RequireAuth";
import { LiveStreamBroadcaster } from "./live/LiveStreamBroadcaster";
import { LiveStreamCreator } from "./live/LiveStreamCreator";
import { LiveStreamViewer } from "./live/LiveStreamViewer";
import { AdminScreen } from "./screens/AdminScreen";
import { LoginScreen } from "./screens/LoginScreen";
import { ModerationSettingsScreen } from "./screens/ModerationSettingsScreen";
import { NotFoundScreen } from "./screens/NotFoundScreen";
import { NotificationPreferencesScreen } from "./screens/NotificationPreferencesScreen";
import { NotificationsScreen } from "./screens/NotificationsScreen";
import { ProfileScreen } from "./screens/ProfileScreen";
import { ReelScreen } from "./screens/ReelScreen";
import { ReelsScreen } from "./screens/ReelsScreen";
import { ScheduledLiveScreen } from "./schedule/ScheduledLiveScreen";
import { ScheduleLiveScreen } from "./schedule/ScheduleLiveScreen";
import { SignupScreen } from "./screens/SignupScreen";
import { StreamAnalyticsScreen } from "./screens/StreamAnalyticsScreen";

/** Each screen has its own error boundary, reset when the address changes. */
function Screen({
  label,
  children,
  auth = false,
}: {
  label: string;
  children: ReactNode;
  auth?: boolean;
}) {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary key={pathname} label={label}>
      {auth ? <RequireAuth>{children}</RequireAuth> : children}
    </ErrorBoundary>
  );
}

/**
 * Client routes. `/`, `/live/:id`, `/u/:handle`, `/reels/:id` and `/scheduled/:id` are open to
 * visitors; the rest needs an account. `/live/:id/publish` and `/live/:id/watch` are the relay's WebSocket paths on
 * the server, so no client route uses them.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/"
        element={
          <Screen label="reels">
            <ReelsScreen />
          </Screen>
        }
      />
      <Route
        path="/login"
        element={
          <Screen label="log in">
            <LoginScreen />
          </Screen>
        }
      />
      <Route
        path="/signup"
        element={
          <Screen label="sign up">
            <SignupScreen />
          </Screen>
        }
      />
      <Route
        path="/u/:handle"
        element={
          <Screen label="this profile">
            <ProfileScreen />
          </Screen>
        }
      />
      <Route
        path="/reels/:id"
        element={
          <Screen label="this reel">
            <ReelScreen />
          </Screen>
        }
      />
      <Route
        path="/live/new"
        element={
          <Screen label="go live" auth>
            <LiveStreamCreator />
          </Screen>
        }
      />
      <Route
        path="/live/:id"
        element={
          <Screen label="this live stream">
            <LiveStreamViewer />
          </Screen>
        }
      />
      <Route
        path="/live/:id/broadcast"
        element={
          <Screen label="your broadcast" auth>
            <LiveStreamBroadcaster />
          </Screen>
        }
      />
      <Route
        path="/live/:id/analytics"
        element={
          <Screen label="this stream's analytics" auth>
            <StreamAnalyticsScreen />
          </Screen>
        }
      />
      <Route
        path="/scheduled/new"
        element={
          <Screen label="schedule a live" auth>
            <ScheduleLiveScreen />
          </Screen>
        }
      />
      <Route
        path="/scheduled/:id"
        element={
          <Screen label="this scheduled live">
            <ScheduledLiveScreen />
          </Screen>
        }
      />
      <Route
        path="/notifications"
        element={
          <Screen label="notifications" auth>
            <NotificationsScreen />
          </Screen>
        }
      />
      <Route
        path="/settings/notifications"
        element={
          <Screen label="notification settings" auth>
            <NotificationPreferencesScreen />
          </Screen>
        }
      />
      <Route
        path="/settings/moderation"
        element={
          <Screen label="moderation settings" auth>
            <ModerationSettingsScreen />
          </Screen>
        }
      />
      <Route
        path="/admin"
        element={
          <Screen label="the operators' dashboard" auth>
            <AdminScreen />
          </Screen>
        }
      />
      <Route
        path="/admin/streams/:id"
        element={
          <Screen label="this stream's analytics" auth>
            <RequireAdmin>
              <StreamAnalyticsScreen />
            </RequireAdmin>
          </Screen>
        }
      />
      <Route path="*" element={<NotFoundScreen />} />
    </Routes>
  );
}

/** Moves focus to the new screen after client-side navigation, as a page load would. */
function useFocusOnNavigate() {
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  return main;
}

export function App() {
  const main = useFocusOnNavigate();
  return (
    <AuthProvider>
      <EventSocketProvider>
        <NotificationsProvider>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <NavBar />
          <OfflineBanner />
          <main id="main" ref={main} tabIndex={-1}>
            <AppRoutes />
          </main>
        </NotificationsProvider>
      </EventSocketProvider>
    </AuthProvider>
  );
}
