import * as grpc from "@grpc/grpc-js";
import { adsClientConstructor, typeUrls } from "@trellis/connector/testing/ads-client";

type Response = { version_info: string; type_url: string; nonce: string; resources: unknown[] };
type Call = grpc.ClientDuplexStream<Record<string, unknown>, Response>;

/** What one round waits for: every stream holding `version` of every type it subscribed to. */
export interface Round {
  version: string;
  startedAt: number;
  latenciesMs: number[];
  done: Promise<void>;
}

/**
 * N xDS clients in this process, each its own TCP connection and ADS stream (state of the
 * world), subscribed like a proxyless gRPC client of service `svc-0`: its listener, the
 * route table, and every cluster with its endpoints. Every response is ACKed at once; a
 * stream's latency is the arrival of the last of its four types at the new version.
 */
export class XdsFleet {
  private readonly calls: Call[] = [];
  private readonly clients: grpc.Client[] = [];
  private readonly held: Map<string, string>[] = [];
  private round: (Round & { resolve: () => void; pending: Set<number> }) | null = null;
  private readonly names = new Map<string, string[]>();
  /** The responses the first stream received last, to replay byte for byte elsewhere. */
  lastResponses = new Map<string, Response>();
  failures: string[] = [];

  constructor(target: string, count: number, clusterNames: string[]) {
    const Ads = adsClientConstructor();
    const subscriptions: [string, string[]][] = [
      [typeUrls.listener, ["svc-0"]],
      [typeUrls.route, ["trellis/outbound"]],
      [typeUrls.cluster, clusterNames],
      [typeUrls.endpoint, clusterNames],
    ];
    for (const [url, names] of subscriptions) this.names.set(url, names);
    for (let i = 0; i < count; i++) {
      const client = new Ads(target, grpc.credentials.createInsecure(), {
        "grpc.use_local_subchannel_pool": 1,
      });
      const call = (client as unknown as { StreamAggregatedResources(): Call }).StreamAggregatedResources();
      const held = new Map<string, string>();
      call.on("data", (r: Response) => this.receive(i, call, held, r));
      call.on("error", () => {});
      call.on("status", (s: grpc.StatusObject) => {
        if (s.code !== grpc.status.CANCELLED) this.failures.push(`${s.code}: ${s.details}`);
      });
      const node = {
        id: `bench-${i}`,
        user_agent_name: "bench",
        user_agent_version: "1",
        metadata: {
          fields: { trellis: { structValue: { fields: { kind: { stringValue: "grpc-proxyless" } } } } },
        },
      };
      for (const [k, [type_url, resource_names]] of subscriptions.entries())
        call.write({
          node: k === 0 ? node : null,
          type_url,
          resource_names,
          version_info: "",
          response_nonce: "",
        });
      this.calls.push(call);
      this.clients.push(client);
      this.held.push(held);
    }
  }

  /** Streams holding `version` of all four types. */
  current(version: string): number {
    return this.held.filter((h) => h.size === 4 && [...h.values()].every((v) => v === version)).length;
  }

  expect(version: string): Round {
    let resolve = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    const pending = new Set(this.calls.map((_, i) => i));
    this.round = { version, startedAt: performance.now(), latenciesMs: [], done, resolve, pending };
    return this.round;
  }

  private receive(i: number, call: Call, held: Map<string, string>, r: Response): void {
    // A state-of-the-world ACK repeats the subscription (an empty list would unsubscribe).
    const resource_names = this.names.get(r.type_url) ?? [];
    call.write({
      type_url: r.type_url,
      version_info: r.version_info,
      response_nonce: r.nonce,
      resource_names,
    });
    held.set(r.type_url, r.version_info);
    if (i === 0) this.lastResponses.set(r.type_url, r);
    const round = this.round;
    if (!round?.pending.has(i) || ![...held.values()].every((v) => v === round.version) || held.size < 4)
      return;
    round.pending.delete(i);
    round.latenciesMs.push(performance.now() - round.startedAt);
    if (round.pending.size === 0) round.resolve();
  }

  close(): void {
    for (const c of this.calls) c.cancel();
    for (const c of this.clients) c.close();
  }
}
