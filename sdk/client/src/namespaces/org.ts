import { operations } from "../operations.ts";
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
    await this.t.call(operations.deleteOrg, { ...options, body: { confirm } });
  }
}
