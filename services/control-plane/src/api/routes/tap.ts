import type { TapWatch } from "@trellis/core/tap";
import { openTap } from "@trellis/core/tap";
import { type TapEnded, type TapStarted, tapQuerySchema } from "@trellis/protocol/api";
import type { Context as HonoContext } from "hono";
import { streamSSE } from "hono/streaming";
import { route } from "../route.ts";

export const tapRoutes = [
  route({
    method: "get",
    path: "/v1/meshes/:mesh/tap",
    summary:
      "Stream live request metadata of a service as Server-Sent Events (`tap` events, then one `end`); bounded in events, time and rate; audited",
    tag: "observability",
    query: tapQuerySchema,
    responses: { 200: { description: "text/event-stream of tap events" } },
    handler: async ({ ctx, actor, requestId, params, query, c }) => {
      const { watch, spec, clusters } = await openTap(
        { ctx, actor, requestId, input: { ...query, mesh: params.mesh! } },
        ctx.taps,
      );
      return { status: 200, stream: sse(c, watch, { tapId: spec.tapId, clusters }) };
    },
  }),
];

/** Writes the watch to the client until it ends; a client that goes away ends the tap. */
function sse(c: HonoContext, watch: TapWatch, started: TapStarted): Response {
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => watch.end("client_closed"));
    await stream.writeSSE({ event: "start", data: JSON.stringify(started) });
    // A comment line now and then keeps idle proxies and load balancers from cutting a quiet tap.
    const keepalive = setInterval(() => void stream.write(": keepalive\n\n").catch(() => {}), 15_000);
    try {
      for (let e = await watch.next(); e; e = await watch.next()) {
        await stream.writeSSE({ event: "tap", data: JSON.stringify(e) });
      }
    } finally {
      clearInterval(keepalive);
    }
    // `next()` returns null only once the watch has ended, so `ended` is set here.
    const ended: TapEnded = { reason: watch.ended!, delivered: watch.delivered, dropped: watch.dropped };
    await stream.writeSSE({ event: "end", data: JSON.stringify(ended) });
  });
}
