import { workloadSpiffeId } from "@trellis/protocol/spiffe";
import type { Logger } from "@trellis/proxy-core/logger";
import type { Runtime } from "../app/runtime.ts";
import type { JwksCache } from "../policy/jwt.ts";
import { indexSnapshot } from "../routing/index-snapshot.ts";
import type { Table } from "../routing/types.ts";
import type { StateStore } from "../state/store.ts";
import type { ProxyConfig } from "./flags.ts";
import { readSnapshot } from "./read-snapshot.ts";

export type Nack = { version: number; nonce: string; error: string };
export type ConfigAnswer = { ack: { version: number; nonce: string } } | { nack: Nack };

/** What a new routing table changes outside the table itself. */
export type TableListener = (table: Table) => void;

/**
 * The proxy's configuration: the current table, indexed from the newest snapshot that
 * validated (v2, or v1 converted to v2). A snapshot that fails (JSON, schema, index) is answered
 * with a NACK and the previous table stays; one that applies is ACKed and kept on disk
 * as the last-known-good, which `loadStored` serves at the next start.
 */
export class ConfigWatcher {
  private current: Table | undefined;
  private appliedPayload = "";
  private nack: Nack | undefined;
  private readonly listeners: TableListener[] = [];

  constructor(
    private readonly deps: {
      config: ProxyConfig;
      store: StateStore;
      rt: Pick<Runtime, "balancers" | "policyState">;
      jwks: JwksCache;
      log: Logger;
    },
  ) {}

  table(): Table | undefined {
    return this.current;
  }

  get version(): number {
    return this.current?.version ?? 0;
  }

  get lastNack(): Nack | undefined {
    return this.nack;
  }

  /** Runs `fn` after every swap (identity, trust bundle). */
  onTable(fn: TableListener): void {
    this.listeners.push(fn);
  }

  /** Serves the last-known-good snapshot from the state dir, if there is a usable one. */
  async loadStored(): Promise<void> {
    const stored = await this.deps.store.loadSnapshot();
    if (!stored) return;
    const r = this.apply(stored.payload, "");
    if (r.ok) this.deps.log.info("serving last-known-good snapshot", { version: r.snapshot.version });
    else this.deps.log.warn("stored snapshot unusable", { error: r.error });
  }

  /** A snapshot from the connector: the ACK or NACK to send back. */
  async receive(msg: {
    version: number;
    nonce: string;
    payload: string;
    schema?: string;
  }): Promise<ConfigAnswer> {
    const { version, nonce, payload } = msg;
    if (payload === this.appliedPayload) return { ack: { version, nonce } };
    const result = this.apply(payload, msg.schema ?? "");
    if (!result.ok) {
      this.nack = { version, nonce, error: result.error };
      this.deps.log.warn("snapshot refused", { version, error: result.error });
      return { nack: this.nack };
    }
    this.nack = undefined;
    this.deps.log.info("snapshot applied", { version: result.snapshot.version });
    // Applied is applied: a failed write costs only the last-known-good on disk.
    await this.deps.store
      .saveSnapshot({ version: result.snapshot.version, payload })
      .catch((err: Error) => this.deps.log.warn("could not save the snapshot", { error: err.message }));
    return { ack: { version, nonce } };
  }

  /** Our SPIFFE id in a trust domain (the flag's, else namespace + service account). */
  spiffeIdIn(trustDomain: string): string {
    const c = this.deps.config;
    return c.identity ?? workloadSpiffeId(trustDomain, c.namespace, c.serviceAccount!);
  }

  /** Validates, indexes and swaps in a snapshot; the old table stays on failure. */
  private apply(payload: string, schema: string): ReturnType<typeof readSnapshot> {
    const parsed = readSnapshot(payload, schema);
    if (!parsed.ok) return parsed;
    const { config, jwks } = this.deps;
    const { balancers, policyState } = this.deps.rt;
    let next: Table;
    try {
      const self = {
        service: config.service,
        namespace: config.namespace,
        spiffeId: this.spiffeIdIn(parsed.snapshot.mesh.trustDomain),
      };
      next = indexSnapshot(
        parsed.snapshot,
        { self, jwks, connectTimeoutMs: config.connectTimeoutMs },
        parsed.schema,
      );
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
    balancers.update(next);
    this.current = next;
    policyState.retain(next);
    this.appliedPayload = payload;
    for (const fn of this.listeners) fn(next);
    return parsed;
  }
}
