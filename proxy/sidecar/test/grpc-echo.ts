import * as grpc from "@grpc/grpc-js";

/**
 * A tiny gRPC service for tests, described by hand (JSON messages instead of protobuf
 * keep it free of codegen): `test.v1.Echo` with all four call kinds.
 */
export type Msg = { text: string; n?: number };

const json = {
  serialize: (v: Msg) => Buffer.from(JSON.stringify(v)),
  deserialize: (b: Buffer) => JSON.parse(b.toString("utf8")) as Msg,
};

function method(name: string, requestStream: boolean, responseStream: boolean) {
  return {
    path: `/test.v1.Echo/${name}`,
    requestStream,
    responseStream,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
    originalName: name,
  };
}

export const echoService = {
  Unary: method("Unary", false, false),
  ServerStream: method("ServerStream", false, true),
  ClientStream: method("ClientStream", true, false),
  Bidi: method("Bidi", true, true),
} satisfies grpc.ServiceDefinition;

export const EchoClient = grpc.makeGenericClientConstructor(echoService, "Echo");

/** The server side: echoes, counts, and fails on request with a status and trailer. */
export function echoHandlers(name: string): grpc.UntypedServiceImplementation {
  return {
    Unary: (call: grpc.ServerUnaryCall<Msg, Msg>, cb: grpc.sendUnaryData<Msg>) => {
      if (call.request.text === "fail") {
        const md = new grpc.Metadata();
        md.set("x-reason", "asked-to-fail");
        cb({ code: grpc.status.FAILED_PRECONDITION, details: "failing as asked", metadata: md });
        return;
      }
      const identity = call.metadata.get("x-trellis-client-identity")[0];
      cb(null, { text: `${name}:${call.request.text}:${identity ?? ""}` });
    },
    ServerStream: (call: grpc.ServerWritableStream<Msg, Msg>) => {
      for (let i = 0; i < (call.request.n ?? 3); i++) call.write({ text: call.request.text, n: i });
      call.end();
    },
    ClientStream: (call: grpc.ServerReadableStream<Msg, Msg>, cb: grpc.sendUnaryData<Msg>) => {
      const parts: string[] = [];
      call.on("data", (m: Msg) => parts.push(m.text));
      call.on("end", () => cb(null, { text: parts.join("+") }));
    },
    Bidi: (call: grpc.ServerDuplexStream<Msg, Msg>) => {
      call.on("data", (m: Msg) => call.write({ text: m.text.toUpperCase(), n: m.n }));
      call.on("end", () => {
        const md = new grpc.Metadata();
        md.set("x-done", "yes");
        call.end(md);
      });
    },
  };
}
