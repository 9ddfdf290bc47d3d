import { Link } from "react-router";
import { useNotifications } from "../app/NotificationsContext";
import { BellIcon } from "./Icons";

/** The bell in the top bar; its count follows `/ws` notification events. */
export function NotificationBell() {
  const { unreadCount } = useNotifications();
  const label =
    unreadCount === 0
      ? "Notifications"
      : `Notifications, ${unreadCount} unread`;
  return (
    <Link to="/notifications" className="bell" aria-label={label}>
      <BellIcon />
      {unreadCount > 0 ? (
        <span className="badge" aria-hidden="true">
          {unreadCount > 99 ? "99+" : unreadCount}
        </span>
      ) : null}
    </Link>
  );
}
