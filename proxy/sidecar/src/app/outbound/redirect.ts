import { redirectLocation } from "../../filters/rewrite.ts";
import type { Downstream } from "../../proxy/downstream.ts";
import { Exchange } from "../../proxy/exchange.ts";
import type { CompiledRule, CompiledService, MatchInput } from "../../routing/types.ts";
import type { Runtime } from "../runtime.ts";

/**
 * RequestRedirect: answered by the client's proxy, no backend involved. The app talks
 * plaintext to the outbound listener, so the request's scheme is `http`; its port is
 * the one it addressed (or the service port it matched).
 */
export function redirect(
  rt: Runtime,
  ds: Downstream,
  parent: CompiledService,
  rule: CompiledRule,
  matchedPrefix: string,
  input: MatchInput,
): void {
  const ex = new Exchange(
    ds,
    "outbound",
    rt.edges.get("outbound", "", parent.name, parent.namespace, rule.label),
    "",
    rt.observer,
  );
  const r = rule.filters.redirect!;
  const location = redirectLocation(
    { scheme: "http", host: input.host, port: input.port, path: input.path, query: input.query },
    r,
    matchedPrefix,
  );
  ex.status = r.statusCode;
  ds.respond(r.statusCode, { location, "content-length": 0 }, true);
  ex.finish();
}
