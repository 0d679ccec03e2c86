import { defineConfig } from "vite";

// The console is a static SPA: built to dist/ and served by the control plane at `/`.
// JSX goes through Vite's own transform (oxc) with Preact's automatic runtime — no plugin.
// In development, /v1 and the console settings are proxied to a running control plane.
const api = process.env.TRELLIS_API_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    target: "es2022",
  },
  server: {
    port: 5173,
    proxy: { "/v1": { target: api, changeOrigin: false }, "/console-config.json": api },
  },
});
