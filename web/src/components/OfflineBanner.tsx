import { useEffect, useState, useSyncExternalStore } from "react";
import { checkHealth } from "../api/client";
import {
  getConnectivity,
  setBrowserOnline,
  subscribeConnectivity,
} from "../api/connectivity";

/** Tells the user when the browser is offline or requests to onair are failing, with a retry. */
export function OfflineBanner() {
  const connectivity = useSyncExternalStore(
    subscribeConnectivity,
    getConnectivity,
  );
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    const online = () => setBrowserOnline(true);
    const offline = () => setBrowserOnline(false);
    setBrowserOnline(navigator.onLine);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
    };
  }, []);

  if (connectivity.browserOnline && connectivity.serverReachable) return null;

  async function retry() {
    setChecking(true);
    setBrowserOnline(navigator.onLine);
    try {
      await checkHealth(); // reports success or failure to the connectivity store itself
    } catch {
      // the banner stays
    } finally {
      setChecking(false);
    }
  }

  return (
    <div className="offline-banner" role="status">
      <span>
        {connectivity.browserOnline
          ? "Cannot reach onair right now."
          : "You are offline."}{" "}
        Some things may not load.
      </span>
      <button type="button" onClick={retry} disabled={checking}>
        {checking ? "Checking…" : "Retry"}
      </button>
    </div>
  );
}
