import { applyHeaderModifier } from "../../filters/header-modifier.ts";
import { redirectLocation } from "../../filters/rewrite.ts";
import type { Downstream } from "../../proxy/downstream.ts";
import { Exchange } from "../../proxy/exchange.ts";
import type { MatchInput, RedirectAction, Route, VirtualHost } from "../../routing/types.ts";
import type { Runtime } from "../runtime.ts";

/**
 * RequestRedirect: answered by the client's proxy, no backend involved. The app talks
 * plaintext to the outbound listener, so the request's scheme is `http`; its port is
 * the one it addressed (or the service port it matched).
 */
export function redirect(
  rt: Runtime,
  ds: Downstream,
  vhost: VirtualHost,
  route: Route,
  action: RedirectAction,
  input: MatchInput,
): void {
  const ex = new Exchange(
    ds,
    "outbound",
    rt.edges.get("outbound", "", vhost.name, vhost.namespace, route.metricLabel),
    "",
    rt.observer,
  );
  const r = action.redirect;
  const location = redirectLocation(
    { scheme: "http", host: input.host, port: input.port, path: input.path, query: input.query },
    r,
  );
  const headers = { location, "content-length": 0 };
  if (action.responseHeaders) applyHeaderModifier(headers, action.responseHeaders);
  ex.status = r.statusCode;
  ds.respond(r.statusCode, headers, true);
  ex.finish();
}
