import { randomBytes } from "node:crypto";
import { actorId } from "@trellis/core/actor";
import { AppError } from "@trellis/core/errors";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Context } from "../context.ts";
import { createHttpMetrics } from "../observability/http-metrics.ts";
import { authenticate } from "./authenticate.ts";
import { clientAddress, peerAddress, TrustedProxies } from "./client-address.ts";
import { mountConsole } from "./console-assets.ts";
import { fingerprint, withIdempotency } from "./idempotency.ts";
import { openApiDocument } from "./openapi.ts";
import { parseBody, parseParams, parseQuery } from "./parse-input.ts";
import { asAppError, problem, toProblem } from "./problem.ts";
import type { RouteDef } from "./route.ts";
import { allRoutes } from "./routes/index.ts";

export const maxBodyBytes = 1024 * 1024;
export const apiVersion = "1.0.0";

type Env = { Variables: { requestId: string; clientAddress: string | null } };

/** The HTTP API: request ids, metrics, limits and problem+json around the route table. */
export function createApi(ctx: Context, extraRoutes: RouteDef[] = []): Hono<Env> {
  const app = new Hono<Env>();
  const routes = [...allRoutes, ...extraRoutes];
  const latency = createHttpMetrics(ctx.metrics);

  const trusted = new TrustedProxies(ctx.config.TRUSTED_PROXIES);
  app.use(async (c, next) => {
    c.set("clientAddress", clientAddress(peerAddress(c), c.req.header("x-forwarded-for"), trusted));
    const incoming = c.req.header("x-request-id");
    const requestId =
      incoming && /^[A-Za-z0-9_-]{8,64}$/.test(incoming)
        ? incoming
        : `req_${randomBytes(10).toString("hex")}`;
    c.set("requestId", requestId);
    const started = performance.now();
    await next();
    c.header("x-request-id", requestId);
    const route = c.req.routePath === "/*" ? "unmatched" : c.req.routePath;
    latency.observe(
      { method: c.req.method, route, status: String(c.res.status) },
      (performance.now() - started) / 1000,
    );
  });

  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        c.json(
          problem(
            "payload_too_large",
            `the body is larger than ${maxBodyBytes} bytes (1 MiB)`,
            c.get("requestId"),
          ),
          413,
          { "content-type": "application/problem+json" },
        ),
    }),
  );

  app.onError((err, c) => {
    const requestId = c.get("requestId") ?? "unknown";
    const known = asAppError(err);
    const where = { requestId, method: c.req.method, path: c.req.path };
    if (!known) ctx.logger.error("request failed", { ...where, err });
    else if (!(err instanceof AppError))
      ctx.logger.warn("database error answered as " + known.code, { ...where, err });
    const { problem: body, headers } = toProblem(err, requestId);
    return c.body(JSON.stringify(body), body.status as 500, headers);
  });

  app.notFound((c) => {
    const body = problem(
      "not_found",
      `no route for ${c.req.method} ${c.req.path}; see /v1/openapi.json`,
      c.get("requestId"),
    );
    return c.body(JSON.stringify(body), 404, { "content-type": "application/problem+json" });
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      await ctx.database.db.execute("select 1");
      return c.json({ status: "ready" });
    } catch {
      return c.json({ status: "database unreachable" }, 503);
    }
  });
  app.get("/metrics", async (c) =>
    c.body(await ctx.metrics.metrics(), 200, { "content-type": ctx.metrics.contentType }),
  );
  const document = openApiDocument(routes, apiVersion);
  app.get("/v1/openapi.json", (c) => c.json(document));

  for (const def of routes) mount(app, ctx, def);
  mountConsole(app, ctx.config);
  return app;
}

function mount(app: Hono<Env>, ctx: Context, def: RouteDef): void {
  app.on(def.method.toUpperCase(), def.path, async (c) => {
    const requestId = c.get("requestId");
    const actor = def.auth === "public" ? publicActor : await authenticate(ctx, c);
    const params = parseParams(c);
    const body = def.body ? await parseBody(c, def.body) : undefined;
    const query = def.query ? parseQuery(c, def.query) : undefined;
    const run = () => def.handler({ ctx, actor, body, query, params, requestId, c });
    const reply = def.idempotent
      ? await withIdempotency(
          ctx,
          actor.orgId,
          c.req.header("idempotency-key"),
          fingerprint(c.req.method, c.req.path, JSON.stringify(body ?? null), actorId(actor)),
          run,
        )
      : await run();
    if (reply.stream) return reply.stream;
    for (const [k, v] of Object.entries(reply.headers ?? {})) c.header(k, v);
    if (reply.body === undefined) return c.body(null, reply.status as 204);
    return c.json(reply.body as object, reply.status as 200);
  });
}

/** Public routes (signup, login) run without a caller. */
const publicActor = {
  orgId: "",
  role: "viewer",
  userId: null,
  tokenId: null,
  label: "anonymous",
  via: "token",
} as const;
