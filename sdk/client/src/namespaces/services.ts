import type { DiscoveredService } from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import type { Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";

/** The services the mesh's connectors discovered, with their endpoints per cluster (read-only). */
export class ServicesNamespace extends PaginatedNamespace<DiscoveredService> {
  /** @internal */
  constructor(t: Transport, mesh: string) {
    super(t, operations.listServices, { mesh });
  }
}
