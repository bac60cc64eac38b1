const KEY = 'berth.dashboard.token';

/** The token lives in `sessionStorage` (this tab only, gone when it closes), never in the URL. */
export const tokenStore = {
  /** The stored token, or `null` when logged out. */
  get(): string | null {
    return sessionStorage.getItem(KEY);
  },
  /** Stores a token (`''` for a hub without `AUTH_TOKEN`). */
  set(token: string): void {
    sessionStorage.setItem(KEY, token);
  },
  /** Logs out. */
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
