import type { AuditEntry } from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import type { Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";

/** The org's audit log, newest first (read-only). */
export class AuditNamespace extends PaginatedNamespace<AuditEntry> {
  /** @internal */
  constructor(t: Transport) {
    super(t, operations.listAudit);
  }
}
