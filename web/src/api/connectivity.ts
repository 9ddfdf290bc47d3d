/**
 * Whether the server looks reachable: the browser's own online flag plus the outcome of the
 * latest request. The API client reports here; the offline banner listens.
 */

export interface ConnectivityState {
  browserOnline: boolean;
  serverReachable: boolean;
}

type Listener = (state: ConnectivityState) => void;

const listeners = new Set<Listener>();
let state: ConnectivityState = {
  browserOnline: typeof navigator === "undefined" ? true : navigator.onLine,
  serverReachable: true,
};

function update(next: Partial<ConnectivityState>): void {
  const merged = { ...state, ...next };
  if (
    merged.browserOnline === state.browserOnline &&
    merged.serverReachable === state.serverReachable
  )
    return;
  state = merged;
  for (const listener of listeners) listener(state);
}

export function getConnectivity(): ConnectivityState {
  return state;
}

export function subscribeConnectivity(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportRequestFailure(): void {
  update({ serverReachable: false });
}

export function reportRequestSuccess(): void {
  update({ serverReachable: true });
}

export function setBrowserOnline(online: boolean): void {
  update({ browserOnline: online });
}

/** Returns the module to its first state; for tests. */
export function resetConnectivity(): void {
  state = { browserOnline: true, serverReachable: true };
  listeners.clear();
}
