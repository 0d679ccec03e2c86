import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import type { RequestOptions, Transport } from "../transport.ts";

/** The caller's organisation as a whole. */
export class OrgNamespace {
  /** @internal */
  constructor(private readonly t: Transport) {}

  /**
   * Deletes the organisation and everything in it (owner only); connectors are cut off.
   * `confirm` must be the organisation's name, as a guard against accidents.
   */
  async delete(confirm: string, options: RequestOptions = {}): Promise<void> {
    checkOptions("org.delete", options, requestOptionKeys);
    await this.t.call(operations.deleteOrg, { ...options, body: { confirm } });
  }
}
