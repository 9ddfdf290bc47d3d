import type { User } from "../api/client";

type Size = "small" | "medium" | "large";

interface Props {
  user: Pick<User, "id" | "handle" | "displayName" | "avatarUrl">;
  size?: Size;
}

const pixels: Record<Size, number> = { small: 32, medium: 48, large: 96 };

/** Up to two letters: the first of the first two words of the name ("Ada Lovelace" → "AL"). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const initials = words
    .slice(0, 2)
    .map((word) => Array.from(word)[0] ?? "")
    .join("");
  return initials.toLocaleUpperCase();
}

/**
 * A colour of its own for each user, the same on every visit (a hue from the id); dark enough
 * that the white initials keep a contrast of at least 4.5:1 whatever the hue (yellow is the
 * lightest: 5.0:1 at 29% lightness).
 */
export function avatarColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return `hsl(${hash % 360} 55% 29%)`;
}

/** A user's picture, or their initials on their own colour when they have none. */
export function Avatar({ user, size = "small" }: Props) {
  const px = pixels[size];
  const label = user.displayName || `@${user.handle}`;
  if (user.avatarUrl)
    return (
      <img
        className={`avatar avatar-${size}`}
        src={user.avatarUrl}
        alt={label}
        width={px}
        height={px}
      />
    );
  return (
    <span
      className={`avatar avatar-${size}`}
      role="img"
      aria-label={label}
      style={{ backgroundColor: avatarColor(user.id) }}
    >
      <span aria-hidden="true">
        {initialsOf(user.displayName) || initialsOf(user.handle)}
      </span>
    </span>
  );
}
