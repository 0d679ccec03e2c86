// Sign-up, log-in/out, sessions and API-token authentication of users.
// The public surface of this area; everything else in the folder is internal.
export { actorFromSession, actorFromToken } from "./authenticate.ts";
export type { CreatedSession } from "./create-session.ts";
export { login } from "./login.ts";
export { logout } from "./logout.ts";
export { me } from "./me.ts";
export { csrfHeaderName, sessionCookieName } from "./session-cookie.ts";
export { signup } from "./signup.ts";
