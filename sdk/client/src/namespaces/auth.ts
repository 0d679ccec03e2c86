import type { LoginInput, MeResponse, SessionResponse, SignupInput } from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import type { RequestOptions, Transport } from "../transport.ts";

/** Sign-up, password login and logout (cookie sessions), and who the caller is. */
export class AuthNamespace {
  /** @internal */
  constructor(private readonly t: Transport) {}

  /** Creates an account and its organisation and signs in (the client keeps the session). */
  async signup(input: SignupInput, options: RequestOptions = {}): Promise<SessionResponse> {
    checkOptions("auth.signup", options, requestOptionKeys);
    const res = await this.t.call<SessionResponse>(operations.signup, { ...options, body: input });
    this.t.session.csrfToken = res.body.csrfToken;
    return res.body;
  }

  /**
   * Signs in with email and password. The client keeps the session (cookie in Node; the
   * browser's own with `credentials: "include"`) and its CSRF token for later mutations.
   */
  async login(input: LoginInput, options: RequestOptions = {}): Promise<SessionResponse> {
    checkOptions("auth.login", options, requestOptionKeys);
    const res = await this.t.call<SessionResponse>(operations.login, { ...options, body: input });
    this.t.session.csrfToken = res.body.csrfToken;
    return res.body;
  }

  /** Ends the current session and forgets it. */
  async logout(options: RequestOptions = {}): Promise<void> {
    checkOptions("auth.logout", options, requestOptionKeys);
    await this.t.call(operations.logout, options);
    this.t.session.clearSession();
  }

  /** Who the caller is: user (null for API tokens), org, role and how it authenticated. */
  async me(options: RequestOptions = {}): Promise<MeResponse> {
    checkOptions("auth.me", options, requestOptionKeys);
    const res = await this.t.call<MeResponse>(operations.me, options);
    if (res.body.csrfToken) this.t.session.csrfToken = res.body.csrfToken;
    return res.body;
  }
}
