import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import * as api from "../api/client";
import { ApiError, type SignupInput, type User } from "../api/client";

export type AuthStatus = "loading" | "signedIn" | "signedOut" | "error";

export interface Auth {
  status: AuthStatus;
  user: User | null;
  /** Set when the session could not be checked (server unreachable). */
  error: unknown;
  login: (loginName: string, password: string) => Promise<void>;
  signup: (input: SignupInput) => Promise<void>;
  logout: () => Promise<void>;
  refresh: () => void;
  /** Takes the signed-in user's new details (after a profile edit). */
  replaceUser: (user: User) => void;
}

const AuthContext = createContext<Auth | null>(null);

/** Knows who is signed in. The session itself is the server's HttpOnly cookie. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>("loading");
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  // A request refused for want of a session while signed in: the session ended elsewhere
  // (signed out in another tab, suspended by an operator). Ask who is signed in again.
  const signedIn = useRef(false);
  useEffect(() => {
    signedIn.current = user !== null;
  }, [user]);
  useEffect(
    () =>
      api.onUnauthenticated(() => {
        if (signedIn.current) setGeneration((g) => g + 1);
      }),
    [],
  );

  useEffect(() => {
    let cancelled = false;
    api.getMe().then(
      ({ user: me }) => {
        if (cancelled) return;
        setUser(me);
        setError(null);
        setStatus("signedIn");
      },
      (cause: unknown) => {
        if (cancelled) return;
        setUser(null);
        if (
          cause instanceof ApiError &&
          (cause.status === 401 || cause.status === 403)
        ) {
          setError(null);
          setStatus("signedOut");
        } else {
          setError(cause);
          setStatus("error");
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [generation]);

  const login = useCallback(async (loginName: string, password: string) => {
    const result = await api.login(loginName, password);
    setUser(result.user);
    setError(null);
    setStatus("signedIn");
  }, []);

  const signup = useCallback(async (input: SignupInput) => {
    const result = await api.signup(input);
    setUser(result.user);
    setError(null);
    setStatus("signedIn");
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(null);
      setStatus("signedOut");
    }
  }, []);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const replaceUser = useCallback((next: User) => setUser(next), []);

  const value = useMemo<Auth>(
    () => ({
      status,
      user,
      error,
      login,
      signup,
      logout,
      refresh,
      replaceUser,
    }),
    [status, user, error, login, signup, logout, refresh, replaceUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("useAuth outside AuthProvider");
  return auth;
}
