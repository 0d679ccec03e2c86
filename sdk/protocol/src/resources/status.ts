import { z } from "zod";

/** The condition types every mesh resource reports (Gateway API style). */
export const conditionTypes = ["Accepted", "ResolvedRefs", "Programmed"] as const;
export type ConditionType = (typeof conditionTypes)[number];

/**
 * One condition, shaped after Kubernetes' metav1.Condition (without a transition time:
 * the control plane computes conditions when read, so it has none to give).
 * - `Accepted`: the stored spec is valid for this control plane (`Invalid` when a newer
 *   schema refuses it: the compiler then leaves it out).
 * - `ResolvedRefs`: every service, route or policy target it names exists in the mesh —
 *   `BackendNotFound` names a backend (or mirror) no cluster has discovered; parents and
 *   policy targets give `ParentNotFound` and `TargetNotFound`.
 * - `Programmed`: every proxy of the mesh acknowledged a config version carrying this
 *   generation (`Pending` until then, `Invalid` when a proxy or connector NACKed it,
 *   `Unknown`/`NoProxies` when no proxy has reported).
 */
export const conditionSchema = z.object({
  type: z.enum(conditionTypes),
  status: z.enum(["True", "False", "Unknown"]),
  reason: z.string(),
  message: z.string(),
  /** The resource generation the condition was computed for. */
  observedGeneration: z.number().int(),
});
export type Condition = z.infer<typeof conditionSchema>;

export const resourceStatusSchema = z.object({ conditions: z.array(conditionSchema) });
export type ResourceStatus = z.infer<typeof resourceStatusSchema>;
