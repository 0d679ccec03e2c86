import * as grpc from "@grpc/grpc-js";

/**
 * A tiny gRPC service for data-plane tests, with JSON messages so no proto is needed:
 * `/trellis.test.Echo/Echo` answers who served the call, what metadata it saw and the
 * caller's verified identity (URI SAN of the client certificate), or fails on request.
 */

export type EchoRequest = { text?: string };
export type EchoReply = {
  server: string;
  text: string;
  metadata: Record<string, string>;
  peerIdentity: string | null;
};

const json = {
  serialize: (x: unknown) => Buffer.from(JSON.stringify(x)),
  deserialize: (b: Buffer) => JSON.parse(b.toString("utf8")),
};

export const echoPath = "/trellis.test.Echo/Echo";

export const echoService: grpc.ServiceDefinition = {
  Echo: {
    path: echoPath,
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  },
};

export const EchoClient = grpc.makeGenericClientConstructor(echoService, "trellis.test.Echo");

/** How a server answers: a status to fail with (and for how many calls), a delay. */
export type EchoBehaviour = { failWith?: grpc.status; failFirst?: number; delayMs?: number };

export function echoHandlers(name: string, behaviour: () => EchoBehaviour, calls: { count: number }) {
  return {
    Echo: (call: grpc.ServerUnaryCall<EchoRequest, EchoReply>, cb: grpc.sendUnaryData<EchoReply>) => {
      calls.count++;
      const b = behaviour();
      const answer = () => {
        const failing = b.failWith !== undefined && (b.failFirst === undefined || calls.count <= b.failFirst);
        if (failing) return cb({ code: b.failWith!, details: `${name} fails on purpose` });
        const metadata = Object.fromEntries(
          Object.entries(call.metadata.getMap()).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString() : v]),
        );
        cb(null, {
          server: name,
          text: call.request.text ?? "",
          metadata,
          peerIdentity: peerIdentityOf(call),
        });
      };
      if (b.delayMs) setTimeout(answer, b.delayMs);
      else answer();
    },
  };
}

function peerIdentityOf(call: grpc.ServerUnaryCall<unknown, unknown>): string | null {
  const cert = call.getAuthContext().sslPeerCertificate;
  const uri = cert?.subjectaltname?.split(", ").find((s) => s.startsWith("URI:"));
  return uri ? uri.slice(4) : null;
}
