import * as grpc from "@grpc/grpc-js";
import type { ConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import type { EdgeStats__Input } from "@trellis/protocol/tunnel";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import { type LoadStatsRequest, type LoadStatsResponse, lrsClientConstructor } from "../lrs/lrs-service.ts";
import { serveLoadStats } from "../lrs/lrs-stream.ts";
import { envoyRoot } from "../protos/envoy-protos.ts";
import {
  adsServiceDefinition,
  type DeltaDiscoveryRequest,
  type DeltaDiscoveryResponse,
  type DiscoveryRequest,
} from "./ads-service.ts";
import { DeltaStream } from "./delta-stream.ts";
import { EncodedViews } from "./encoded-view.ts";
import { SotwStream } from "./sotw-stream.ts";
import { type CertFacts, XdsClients } from "./xds-clients.ts";
import type { StreamEvents, XdsStreamBase } from "./xds-stream.ts";

export type XdsServerStatus = {
  port: number;
  snapshotVersion: number | null;
  clients: number;
  streams: number;
};

/** Where the load proxyless clients report (LRS) goes, and how often they report. */
export type LoadReports = { edges: (edges: EdgeStats__Input[]) => void; intervalMs: number };

/**
 * The connector's xDS server (`--xds`): Envoy's Aggregated Discovery Service over gRPC,
 * state-of-the-world and delta, serving the v2 snapshot translated per kind of node, and
 * the Load Reporting Service proxyless clients send their per-cluster call counts to
 * (`lrs_server: {self: {}}` in their clusters). Plaintext, like the ProxyControl port: it
 * listens on loopback or the pod network and carries config, never keys. `onChange` fires
 * when an xDS client's receipts change (the ProxyReport is resent); `rows()` are its lines
 * of that report; load reports become metric edges through `loads`.
 */
export async function startXdsServer(
  listen: string,
  opts: { log: Logger; onChange: () => void; maxMessageBytes: number; loads?: LoadReports },
): Promise<XdsServer> {
  const server = new XdsServer(opts.log, opts.onChange, opts.loads);
  await server.listen(listen, opts.maxMessageBytes);
  return server;
}

export class XdsServer {
  readonly clients = new XdsClients();
  private readonly views: EncodedViews;
  private readonly streams = new Set<XdsStreamBase>();
  private readonly calls = new Set<grpc.ServerDuplexStream<unknown, unknown>>();
  private server: grpc.Server | null = null;
  private streamSeq = 0;
  port = 0;

  constructor(
    private readonly log: Logger,
    private readonly onChange: () => void,
    private readonly loads: LoadReports = { edges: () => {}, intervalMs: 10_000 },
  ) {
    this.views = new EncodedViews(
      (profile, notes) =>
        log.warn("xDS clients of this kind cannot express parts of the snapshot", {
          kind: profile.kind,
          notes,
        }),
      (error) => log.error("a generated xDS resource failed its proto check and is not served", { error }),
    );
  }

  async listen(listen: string, maxMessageBytes: number): Promise<void> {
    // Envoy's API (about a second, tens of MB) is loaded at start, not by the first client.
    envoyRoot();
    const server = new grpc.Server({
      "grpc.max_receive_message_length": maxMessageBytes,
      "grpc.max_send_message_length": maxMessageBytes,
      "grpc.keepalive_permit_without_calls": 1,
    });
    server.addService(adsServiceDefinition(), {
      StreamAggregatedResources: (call: grpc.ServerDuplexStream<DiscoveryRequest, Buffer>) =>
        this.accept(call, (id, events, write, fail) => new SotwStream(id, this.views, events, write, fail)),
      DeltaAggregatedResources: (
        call: grpc.ServerDuplexStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>,
      ) =>
        this.accept(call, (id, events, write, fail) => new DeltaStream(id, this.views, events, write, fail)),
    });
    server.addService(lrsClientConstructor().service, {
      StreamLoadStats: (call: grpc.ServerDuplexStream<LoadStatsRequest, LoadStatsResponse>) =>
        this.acceptLoads(call),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    this.server = server;
  }

  /** Serve this snapshot (null: none held in v2 — clients wait for one). */
  setSnapshot(snapshot: ConfigSnapshotV2 | null): void {
    if (snapshot && snapshot.version === this.views.current?.version) return;
    this.views.setSnapshot(snapshot);
    for (const s of this.streams) s.push();
    this.views.flushNotes();
    this.onChange();
  }

  rows(certs?: (nodeId: string) => CertFacts | null) {
    return this.clients.rows(certs);
  }

  status(): XdsServerStatus {
    return {
      port: this.port,
      snapshotVersion: this.views.current?.version ?? null,
      clients: this.clients.size,
      streams: this.streams.size,
    };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const call of this.calls) call.end();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => server.forceShutdown(), 2_000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private acceptLoads(call: grpc.ServerDuplexStream<LoadStatsRequest, LoadStatsResponse>): void {
    const any = call as grpc.ServerDuplexStream<unknown, unknown>;
    this.calls.add(any);
    for (const ended of ["close", "cancelled", "error"]) call.on(ended, () => this.calls.delete(any));
    serveLoadStats(call, {
      snapshot: () => this.views.current,
      listenersOf: (id) => this.clients.listenersOf(id),
      edges: this.loads.edges,
      log: (level, msg, fields) => this.log[level](msg, fields),
      intervalMs: this.loads.intervalMs,
    });
  }

  private accept<Req, Res, S extends XdsStreamBase & { request(r: Req): void }>(
    call: grpc.ServerDuplexStream<Req, Res>,
    make: (id: number, events: StreamEvents, write: (r: Res) => void, fail: (e: string) => void) => S,
  ): void {
    this.calls.add(call as grpc.ServerDuplexStream<unknown, unknown>);
    let closed = false;
    const events: StreamEvents = {
      identified: (s) => {
        this.clients.add(s);
        this.log.info("xDS client attached", {
          node: s.node?.id,
          kind: s.profile?.kind,
          protocol: s.protocol,
          userAgent: `${s.node?.userAgentName}/${s.node?.userAgentVersion}`,
        });
        this.onChange();
      },
      changed: () => this.onChange(),
      log: (level, msg, fields) => this.log[level](msg, fields),
    };
    const write = (r: Res) => {
      if (closed || call.writableEnded) return;
      try {
        call.write(r);
      } catch (err) {
        this.log.warn("write to xDS client failed", { error: errorText(err) });
      }
    };
    const stream = make(++this.streamSeq, events, write, (error) => {
      call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details: error });
      close();
    });
    this.streams.add(stream);
    const close = () => {
      if (closed) return;
      closed = true;
      this.streams.delete(stream);
      this.calls.delete(call as grpc.ServerDuplexStream<unknown, unknown>);
      if (stream.node) {
        this.clients.remove(stream);
        this.log.info("xDS client detached", { node: stream.node.id, protocol: stream.protocol });
        this.onChange();
      }
    };
    call.on("data", (req: Req) => {
      try {
        stream.request(req);
      } catch (err) {
        this.log.error("xDS request failed", { error: errorText(err), node: stream.node?.id });
      }
    });
    call.on("end", () => {
      if (!call.writableEnded) call.end();
      close();
    });
    call.on("error", close);
    call.on("cancelled", close);
    call.on("close", close);
  }
}
