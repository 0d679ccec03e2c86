// A small TCP program run inside the test's network namespaces; one JSON line per event
// on stdout. Modes:
//   listen <host> <port> [forward]  accept, report the original destination, then either
//                                   forward to it (a stand-in for trellis-proxy's outbound
//                                   listener) or answer with what it saw
//   serve <host> <port>...          a service: answer who called and on which port
//   connect <host> <port> <message> an app with no proxy settings: send, print the answer
import { connect, createServer, type Socket } from "node:net";
import { originalDestination } from "../../src/original-destination.ts";

const [mode, host, ...rest] = process.argv.slice(2);
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

function listen(port: number, onConnection: (s: Socket) => void): void {
  const server = createServer(onConnection);
  server.on("error", (err) => say({ event: "error", error: err.message }));
  server.listen(port, host, () => say({ event: "ready", port }));
}

if (mode === "listen") {
  const port = Number(rest[0]);
  const forward = rest[1] === "forward";
  listen(port, (socket) => {
    const original = originalDestination(socket);
    say({ event: "accepted", port, original, remote: socket.remoteAddress });
    if (forward && original) {
      const upstream = connect(original.port, original.address);
      socket.pipe(upstream).pipe(socket);
      upstream.on("error", () => socket.destroy());
    } else {
      socket.once("data", () => socket.end(`listener ${port} original=${JSON.stringify(original)}\n`));
    }
    socket.on("error", () => {});
  });
} else if (mode === "serve") {
  for (const port of rest.map(Number)) {
    listen(port, (socket) => {
      const original = originalDestination(socket);
      socket.once("data", () =>
        socket.end(`service ${port} from ${socket.remoteAddress} original=${JSON.stringify(original)}\n`),
      );
      socket.on("error", () => {});
    });
  }
} else if (mode === "connect") {
  const [port, message] = rest;
  const socket = connect(Number(port), host!);
  let answer = "";
  socket.on("connect", () => socket.write(`${message}\n`));
  socket.on("data", (c: Buffer) => {
    answer += c.toString();
  });
  socket.on("end", () => {
    say({ event: "answer", answer: answer.trim() });
    process.exit(0);
  });
  socket.on("error", (err) => {
    say({ event: "error", error: err.message });
    process.exit(1);
  });
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
