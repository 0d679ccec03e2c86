// Test support for core and for the packages built on it (the control plane's harness):
// a database per test file, a transport-less Context, and fixtures no verb offers.
export {
  createTestDatabase,
  findPostgresBin,
  startPostgres,
  type TestDatabase,
  type ThrowawayPostgres,
} from "@trellis/db/testing";
export { createTestContext, ownerOf, type TestCore } from "./context.ts";
export { dropMeshCa } from "./legacy-mesh.ts";
