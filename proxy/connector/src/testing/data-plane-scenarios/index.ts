// The data-plane conformance scenarios, for any data plane's test runner
// (`@trellis/connector/testing/data-plane-scenarios`).
export { type CallResult, unmet } from "./expectations.ts";
export { runSteps, type ScenarioDriver } from "./run-steps.ts";
export { dataPlaneScenarios } from "./scenarios.ts";
export {
  catalogHost,
  catalogPort,
  type DataPlaneScenario,
  type Expectation,
  type ScenarioStep,
  type ScenarioWorld,
  type ServerName,
  serverNames,
  worldSnapshot,
} from "./world.ts";
