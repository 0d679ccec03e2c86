import type { Bindings } from "../bind.ts";
import type { Frontends } from "../proxy/frontends.ts";
import { attachInbound } from "./inbound/listener.ts";
import { attachOutbound } from "./outbound/listener.ts";
import type { Runtime } from "./runtime.ts";

/** Attaches the inbound and outbound handlers to their listeners; returns their frontends. */
export function attachTraffic(bindings: Bindings, rt: Runtime): Frontends[] {
  const frontends: Frontends[] = [];
  if (bindings.outbound) frontends.push(attachOutbound(bindings.outbound, rt));
  if (bindings.inbound) {
    if (!rt.appPools) throw new Error("--inbound needs --app");
    frontends.push(attachInbound(bindings.inbound, rt));
  }
  return frontends;
}
