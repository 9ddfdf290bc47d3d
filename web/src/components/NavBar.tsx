import { Link, NavLink, useNavigate } from "react-router";
import { useAuth } from "../app/AuthContext";
import { Avatar } from "./Avatar";
import { NotificationBell } from "./NotificationBell";

export function NavBar() {
  const { user, logout } = useAuth();
  const navigate = useNavigate();

  async function onLogout() {
    await logout().catch(() => undefined);
    navigate("/login");
  }

  return (
    <header className="navbar">
      <Link to="/" className="brand" aria-label="onair home">
        on<span>air</span>
      </Link>
      <nav aria-label="Main">
        {user !== null ? (
          <>
            {user.isAdmin ? <NavLink to="/admin">Admin</NavLink> : null}
            <NotificationBell />
            <NavLink
              className="nav-profile"
              to={`/u/${encodeURIComponent(user.handle)}`}
            >
              <Avatar user={user} /> @{user.handle}
            </NavLink>
            <NavLink
              to="/settings/notifications"
              aria-label="Notification settings"
            >
              <span aria-hidden="true">⚙</span>
            </NavLink>
            <button type="button" className="link-button" onClick={onLogout}>
              Log out
            </button>
          </>
        ) : (
          <>
            <NavLink to="/login">Log in</NavLink>
            <NavLink to="/signup">Sign up</NavLink>
          </>
        )}
      </nav>
    </header>
  );
}
