import { NavLink } from "react-router";

const pages = [
  { to: "/settings/notifications", label: "Notifications" },
  { to: "/settings/moderation", label: "Moderation" },
] as const;

/** The settings screens, one tab each; the current one is marked (aria-current="page"). */
export function SettingsNav() {
  return (
    <nav className="settings-nav" aria-label="Settings">
      {pages.map((page) => (
        <NavLink key={page.to} to={page.to} end>
          {page.label}
        </NavLink>
      ))}
    </nav>
  );
}
