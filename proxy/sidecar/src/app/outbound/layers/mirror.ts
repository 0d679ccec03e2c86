import type { OutboundLayer } from "./types.ts";

/** RequestMirror: once the request is on its way, a copy goes to each mirror (fire and forget). */
export const requestMirror: OutboundLayer = (next) => (call) => {
  next(call);
  const mirrors = call.r.forward.mirrors;
  if (mirrors.length > 0 && call.up) call.rt.mirrors.start(call.ex.ds, call.up, mirrors, call.r.table);
};
