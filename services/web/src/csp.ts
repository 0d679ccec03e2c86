import { z } from "zod";

// The console's CSP has no 'unsafe-eval'. Zod compiles object parsers with `new Function`
// when it may, and probes whether it may by trying it once — which a browser reports as a
// CSP violation on every page that validates YAML. Jitless mode never probes nor evals.
// Imported first by main.tsx, before any schema parses.
z.config({ jitless: true });
