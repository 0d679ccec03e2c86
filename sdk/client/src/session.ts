/**
 * The credentials one client sends: an API token, or a cookie session with its CSRF token.
 *
 * Browsers keep the session cookie themselves (`credentials: "include"`) and never show
 * `Set-Cookie` to scripts. Node's fetch keeps no cookies, so the client holds the ones the
 * API sets, which is what lets a script or the CLI log in with a password.
 */
export class SessionState {
  /** The bearer token, if the client uses one. */
  token: string | undefined;
  /** Sent as `X-CSRF-Token` on mutations of a cookie session. */
  csrfToken: string | undefined;
  private readonly cookies = new Map<string, string>();

  constructor(token?: string, csrfToken?: string) {
    this.token = token;
    this.csrfToken = csrfToken;
  }

  /** Records cookies from a response; an empty value or `Max-Age=0` removes one. */
  absorbCookies(headers: Headers): void {
    const lines = typeof headers.getSetCookie === "function" ? headers.getSetCookie() : [];
    for (const line of lines) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [k = "", v = ""] = a.trim().split("=");
        const key = k.toLowerCase();
        return (key === "max-age" && Number(v) <= 0) || (key === "expires" && Date.parse(v) < Date.now());
      });
      if (value === "" || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The `Cookie` header for the next request, or nothing. */
  cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
  }

  /** Whether the client holds a session cookie (Node) — browsers hold theirs out of sight. */
  get hasCookies(): boolean {
    return this.cookies.size > 0;
  }

  /** Forgets the session (after logout). */
  clearSession(): void {
    this.cookies.clear();
    this.csrfToken = undefined;
  }
}
