/** The session cookie's name; its value is an opaque random id, stored hashed. */
export const sessionCookieName = "trellis_session";
export const csrfHeaderName = "x-csrf-token";
