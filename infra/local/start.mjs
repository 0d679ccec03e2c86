#!/usr/bin/env node
// `npm start`: Trellis on one machine with embedded defaults (see start.ts).
import { register } from "tsx/esm/api";

register();
await import("./start.ts");
