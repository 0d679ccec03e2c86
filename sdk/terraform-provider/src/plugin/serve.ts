// The plugin process's gRPC server: Terraform's tfplugin6.Provider beside go-plugin's
// controller, stdio, broker and the health check, on loopback, with AutoMTLS when the host
// sent its certificate. Returns once the handshake line is out.
import * as grpc from "@grpc/grpc-js";
import { pluginPackageDefinition, serviceNames } from "../protocol/index.ts";
import { handshakeLine } from "./handshake.ts";
import type { Logger } from "./log.ts";
import { selfSignedCert } from "./self-signed-cert.ts";
import type { StdioRelay } from "./stdio.ts";

/** One handler per tfplugin6.Provider RPC, by its proto name; `signal` aborts on cancel/stop. */
export type ProviderHandlers = Record<string, (request: never, signal: AbortSignal) => Promise<unknown>>;

export interface ServeOptions {
  handlers: ProviderHandlers;
  /** Terraform's certificate (PLUGIN_CLIENT_CERT); without it the server is plaintext. */
  clientCertPem: string | undefined;
  stdio: StdioRelay;
  log: Logger;
  /** Where the handshake line goes (the real stdout). */
  writeHandshake: (line: string) => void;
}

export interface RunningPlugin {
  port: number;
  /** Resolves when the host asked the plugin to shut down (GRPCController) and the server closed. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

const host = "127.0.0.1";
// Terraform sends whole configurations and states; gRPC's 4 MB default is too small.
const maxMessageBytes = 256 * 1024 * 1024;

export async function servePlugin(options: ServeOptions): Promise<RunningPlugin> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": maxMessageBytes,
    "grpc.max_send_message_length": maxMessageBytes,
  });
  const services = grpc.loadPackageDefinition(pluginPackageDefinition());
  const lookup = (name: string) => {
    const ctor = name.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], services);
    return (ctor as grpc.ServiceClientConstructor).service;
  };

  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const shutdown = () =>
    new Promise<void>((resolve) => {
      server.tryShutdown(() => {
        finish();
        resolve();
      });
    });

  server.addService(lookup(serviceNames.provider), providerImplementation(options.handlers, options.log));
  server.addService(lookup(serviceNames.controller), {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      options.log("debug", "the host asked the plugin to shut down");
      callback(null, {});
      setImmediate(() => void shutdown());
    },
  });
  server.addService(lookup(serviceNames.stdio), {
    StreamStdio: (call: grpc.ServerWritableStream<object, unknown>) => {
      const detach = options.stdio.attach((chunk) => call.write(chunk));
      call.on("cancelled", detach);
      call.on("close", detach);
    },
  });
  server.addService(lookup(serviceNames.broker), {
    // Providers never broker extra connections: keep the stream the host opens, ignore it.
    StartStream: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      call.on("data", () => {});
      call.on("end", () => call.end());
    },
  });
  server.addService(lookup(serviceNames.health), {
    Check: (
      call: grpc.ServerUnaryCall<{ service: string }, unknown>,
      callback: grpc.sendUnaryData<object>,
    ) => {
      if (call.request.service === "" || call.request.service === "plugin")
        callback(null, { status: "SERVING" });
      else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${call.request.service}` });
    },
    Watch: (call: grpc.ServerWritableStream<{ service: string }, unknown>) => {
      call.write({ status: "SERVING" });
    },
  });

  const cert = options.clientCertPem ? selfSignedCert() : undefined;
  const credentials = cert
    ? grpc.ServerCredentials.createSsl(
        Buffer.from(options.clientCertPem!),
        [{ cert_chain: Buffer.from(cert.certPem), private_key: Buffer.from(cert.keyPem) }],
        true,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:0`, credentials, (err, p) => (err ? reject(err) : resolve(p)));
  });
  options.log("debug", "plugin listening", { address: `${host}:${port}`, mtls: Boolean(cert) });
  options.writeHandshake(`${handshakeLine({ host, port }, cert?.der)}\n`);
  return { port, done, shutdown };
}

function providerImplementation(handlers: ProviderHandlers, log: Logger): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(handlers)) {
    impl[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const abort = new AbortController();
      call.on("cancelled", () => abort.abort(new Error("cancelled by Terraform")));
      handler(call.request as never, abort.signal).then(
        (response) => callback(null, response),
        (err: unknown) => {
          // Handlers turn expected failures into diagnostics; anything here is a bug.
          log("error", `${name} failed`, {
            error: err instanceof Error ? (err.stack ?? err.message) : String(err),
          });
          callback({
            code: grpc.status.INTERNAL,
            details: `${name}: ${err instanceof Error ? err.message : String(err)}`,
          });
        },
      );
    };
  }
  return impl;
}
