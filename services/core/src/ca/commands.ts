import type { Database } from "@trellis/db";
import type { ConnectorCommands, Logger } from "../context.ts";
import { randomBase62 } from "../ids.ts";

type CaMessage = { t: "rotate"; meshId: string; clusterIds: string[] };

export const caChannel = "trellis_ca";

/**
 * Sends Command{RotateCertificates} to a mesh's connectors on whichever replica holds
 * their streams: the worker publishes on the `trellis_ca` channel and every replica with
 * the tunnel role relays to its own streams of the listed clusters.
 */
export class CaCommands {
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    /** This replica's streams (none without the tunnel role). */
    private readonly connectors: ConnectorCommands,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(caChannel, (payload) => {
      try {
        this.receive(JSON.parse(payload) as CaMessage);
      } catch (err) {
        this.logger.warn("bad CA message", { err });
      }
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  /** Asks the connectors of `clusterIds` to have their proxies renew their certificates now. */
  async rotate(meshId: string, clusterIds: string[]): Promise<void> {
    if (clusterIds.length === 0) return;
    const msg: CaMessage = { t: "rotate", meshId, clusterIds };
    await this.database.notify(caChannel, JSON.stringify(msg)).catch((err: unknown) => {
      this.logger.warn("rotateCertificates not announced; the worker resends it", { meshId, err });
    });
  }

  private receive(msg: CaMessage): void {
    if (msg.t !== "rotate") return;
    const wanted = new Set(msg.clusterIds);
    for (const s of this.connectors.streamsOf(msg.meshId)) {
      if (!wanted.has(s.cluster.id)) continue;
      s.send({ command: { commandId: `cmd_${randomBase62(16)}`, rotateCertificates: {} } });
    }
  }
}
