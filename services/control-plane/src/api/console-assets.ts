import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import type { Env, Hono } from "hono";
import type { Config } from "../config.ts";

/**
 * Serves the built web console (services/web/dist) at `/`. The control plane never imports
 * @trellis/web: it only reads the folder named by TRELLIS_WEB_DIR.
 *
 * Hashed files under /assets/ never change under one name, so they are cached for a year
 * (immutable); index.html is revalidated on every load so a deploy shows at once. Any other
 * GET that is not the API, a probe or a file answers index.html (the SPA routes in the browser).
 */
export function mountConsole<E extends Env>(app: Hono<E>, config: Config): void {
  const root = resolve(config.TRELLIS_WEB_DIR);
  const settings = JSON.stringify({ tunnelUrl: publicTunnelUrl(config) });
  app.get("/*", async (c, next) => {
    const path = safeDecode(c.req.path);
    if (path === null || isServerPath(path)) return next();
    if (path === "/console-config.json")
      return c.body(settings, 200, { "content-type": "application/json", "cache-control": "no-cache" });
    if (!existsSync(join(root, "index.html"))) return c.html(notBuiltPage, 200, securityHeaders);
    const file = resolve(root, `.${path}`);
    if (!file.startsWith(root + sep) && file !== root) return next();
    if (extname(path) !== "") {
      const body = await readIfFile(file);
      if (!body) return next();
      const immutable = path.startsWith("/assets/");
      return c.body(new Uint8Array(body), 200, {
        "content-type": contentTypes[extname(path).toLowerCase()] ?? "application/octet-stream",
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
        ...securityHeaders,
      });
    }
    const index = await readFile(join(root, "index.html"), "utf8");
    return c.html(index, 200, { "cache-control": "no-cache", ...securityHeaders });
  });
}

/** The API, the probes and the metrics keep their own answers (including their 404s). */
function isServerPath(path: string): boolean {
  return ["/v1", "/healthz", "/readyz", "/metrics"].some((p) => path === p || path.startsWith(`${p}/`));
}

function safeDecode(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

async function readIfFile(file: string): Promise<Buffer | null> {
  try {
    return (await stat(file)).isFile() ? await readFile(file) : null;
  } catch {
    return null;
  }
}

/**
 * Where connectors dial, for the console's install command. Unknown (null) when the tunnel
 * binds an ephemeral port; the console then asks the user to fill it in.
 */
function publicTunnelUrl(config: Config): string | null {
  if (!config.TRELLIS_ROLES.includes("tunnel") || config.TUNNEL_PORT === 0) return null;
  const scheme = config.TUNNEL_TLS_CERT_FILE ? "https" : "http";
  const wildcard = config.TUNNEL_HOST === "0.0.0.0" || config.TUNNEL_HOST === "::";
  const host = wildcard ? "localhost" : config.TUNNEL_HOST;
  return `${scheme}://${host.includes(":") ? `[${host}]` : host}:${config.TUNNEL_PORT}`;
}

const securityHeaders = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
  ".woff2": "font/woff2",
};

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trellis</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Trellis</h1>
<p>The web console is not built. Build it with <code>npm run build -w @trellis/web</code>
(or point <code>TRELLIS_WEB_DIR</code> at a built console) and reload.</p>
<p>The API is at <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
</body></html>`;
