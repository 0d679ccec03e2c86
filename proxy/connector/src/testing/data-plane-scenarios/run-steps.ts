import type { EchoBehaviour } from "../echo-service.ts";
import { type CallResult, unmet } from "./expectations.ts";
import { type DataPlaneScenario, type ScenarioWorld, type ServerName, serverNames } from "./world.ts";

/** How a data plane under test is driven: set what a server does, make calls to `catalog`. */
export type ScenarioDriver = {
  behave(server: ServerName, behaviour: EchoBehaviour): Promise<unknown>;
  call(
    count: number,
    opts: { metadata?: Record<string, string>; deadlineMs?: number },
  ): Promise<CallResult[]>;
};

/**
 * Runs a scenario's steps once its snapshot is applied: each batch of calls is repeated
 * (behaviours re-applied) until its expectation holds or the step's time is up — config
 * converges after the ACK, and some effects (an ejection) need a detection sweep.
 * Returns what did not hold, per step.
 */
export async function runSteps(
  scenario: DataPlaneScenario,
  world: ScenarioWorld,
  driver: ScenarioDriver,
): Promise<string[]> {
  const failures: string[] = [];
  for (const [i, step] of scenario.steps.entries()) {
    const deadline = Date.now() + (step.withinMs ?? 5_000);
    let problems: string[];
    do {
      for (const n of serverNames) await driver.behave(n, step.behaviours?.[n] ?? {});
      const results = await driver.call(step.calls.count, step.calls);
      problems = unmet(results, step.expect, world);
    } while (problems.length > 0 && Date.now() < deadline);
    failures.push(...problems.map((p) => `step ${i + 1}: ${p}`));
  }
  return failures;
}
