import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import {
  getNotificationPreferences,
  updateNotificationPreferences,
  type ChannelPreference,
  type NotificationPreferences,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { ErrorMessage } from "../components/ErrorMessage";
import { SettingsNav } from "../components/SettingsNav";

const typeLabels: Record<string, string> = {
  LIVE_STREAM_STARTED: "A creator you follow goes live",
  LIVE_STREAM_SCHEDULED: "A creator schedules a live",
  LIVE_STREAM_STARTING_SOON:
    "A live I asked to be reminded of is about to start",
};

/** Listed even when an older server's answer leaves them out, in this order. */
const knownTypes = Object.keys(typeLabels);

function labelFor(type: string): string {
  return (
    typeLabels[type] ??
    type
      .toLowerCase()
      .replace(/_/g, " ")
      .replace(/^./, (c) => c.toUpperCase())
  );
}

const channels: ReadonlyArray<{ key: keyof ChannelPreference; label: string }> =
  [
    { key: "inApp", label: "In app" },
    { key: "email", label: "Email" },
  ];

/** `/settings/notifications`: each notification type × channel, and muted creators. */
export function NotificationPreferencesScreen() {
  const [prefs, setPrefs] = useState<NotificationPreferences | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{
    kind: "saved" | "error";
    text: string;
  } | null>(null);
  const [newMute, setNewMute] = useState("");
  const muteId = useId();

  const load = useCallback(() => {
    getNotificationPreferences().then(setPrefs, setLoadError);
  }, []);
  useEffect(load, [load]);

  function toggle(type: string, channel: keyof ChannelPreference) {
    setStatus(null);
    setPrefs((p) => {
      if (p === null) return p;
      const current = p.preferences[type] ?? { inApp: true, email: true };
      return {
        ...p,
        preferences: {
          ...p.preferences,
          [type]: { ...current, [channel]: !current[channel] },
        },
      };
    });
  }

  function addMute(event: FormEvent) {
    event.preventDefault();
    const handle = newMute.trim().replace(/^@/, "");
    if (handle === "") return;
    setStatus(null);
    setPrefs((p) =>
      p === null || p.mutedCreators.includes(handle)
        ? p
        : { ...p, mutedCreators: [...p.mutedCreators, handle] },
    );
    setNewMute("");
  }

  function removeMute(handle: string) {
    setStatus(null);
    setPrefs((p) =>
      p === null
        ? p
        : { ...p, mutedCreators: p.mutedCreators.filter((h) => h !== handle) },
    );
  }

  async function save() {
    if (prefs === null) return;
    setSaving(true);
    setStatus(null);
    try {
      const saved = await updateNotificationPreferences(prefs);
      if (
        saved !== undefined &&
        typeof saved === "object" &&
        "preferences" in saved
      )
        setPrefs(saved);
      setStatus({ kind: "saved", text: "Saved." });
    } catch (error) {
      setStatus({ kind: "error", text: friendlyMessage(error) });
    } finally {
      setSaving(false);
    }
  }

  if (loadError !== null) {
    return (
      <ErrorMessage
        error={loadError}
        onRetry={() => {
          setLoadError(null);
          load();
        }}
      />
    );
  }
  if (prefs === null)
    return (
      <p className="muted" role="status">
        Loading settings…
      </p>
    );

  const types = [
    ...knownTypes,
    ...Object.keys(prefs.preferences).filter((t) => !knownTypes.includes(t)),
  ];
  return (
    <section className="screen settings">
      <SettingsNav />
      <h1>Notification settings</h1>
      <table className="prefs-table">
        <caption className="visually-hidden">
          Where each kind of notification reaches you
        </caption>
        <thead>
          <tr>
            <th scope="col">Notification</th>
            {channels.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {types.map((type) => {
            const pref = prefs.preferences[type] ?? {
              inApp: true,
              email: true,
            };
            return (
              <tr key={type}>
                <th scope="row">{labelFor(type)}</th>
                {channels.map((c) => (
                  <td key={c.key}>
                    <input
                      type="checkbox"
                      checked={pref[c.key]}
                      onChange={() => toggle(type, c.key)}
                      aria-label={`${labelFor(type)}: ${c.label}`}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>Muted creators</h2>
      <p className="muted">
        You will not be notified when these creators go live or schedule a live.
        Reminders you asked for still come.
      </p>
      {prefs.mutedCreators.length === 0 ? (
        <p className="muted">Nobody is muted.</p>
      ) : null}
      <ul className="muted-list">
        {prefs.mutedCreators.map((handle) => (
          <li key={handle}>
            @{handle}{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => removeMute(handle)}
              aria-label={`Unmute @${handle}`}
            >
              Unmute
            </button>
          </li>
        ))}
      </ul>
      <form className="row" onSubmit={addMute}>
        <label htmlFor={muteId}>Mute a creator</label>
        <input
          id={muteId}
          placeholder="handle"
          value={newMute}
          onChange={(e) => setNewMute(e.target.value)}
        />
        <button type="submit" className="secondary">
          Mute
        </button>
      </form>

      <div className="row">
        <button
          type="button"
          className="primary"
          onClick={save}
          disabled={saving}
        >
          {saving ? "Saving…" : "Save settings"}
        </button>
        {status !== null ? (
          <span
            role={status.kind === "error" ? "alert" : "status"}
            className={status.kind === "error" ? "error-text" : ""}
          >
            {status.text}
          </span>
        ) : null}
      </div>
    </section>
  );
}
