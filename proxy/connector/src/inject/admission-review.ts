import {
  type InjectionSettings,
  type JsonPatchOp,
  ownerWorkload,
  type PodLike,
  planInjection,
} from "@trellis/protocol/inject";
import { z } from "zod";

/** The parts of an admission.k8s.io/v1 AdmissionReview request the injector reads. */
const admissionReviewSchema = z.object({
  apiVersion: z.literal("admission.k8s.io/v1", { error: 'must be "admission.k8s.io/v1"' }),
  kind: z.literal("AdmissionReview", { error: 'must be "AdmissionReview"' }),
  request: z.object({
    uid: z.string().min(1),
    kind: z.object({ group: z.string(), version: z.string(), kind: z.string() }),
    operation: z.string(),
    namespace: z.string().optional(),
    name: z.string().optional(),
    object: z.unknown().optional(),
  }),
});

export type AdmissionDecision = {
  uid: string;
  /** What happened, for the log. */
  outcome: "injected" | "skipped" | "refused" | "ignored";
  reason?: string;
  response: Record<string, unknown>;
};

export class BadAdmissionReview extends Error {
  override name = "BadAdmissionReview";
}

/**
 * Answers one AdmissionReview: a JSONPatch that injects trellis-proxy into a new Pod, no
 * patch for pods that opt out or already have it, and a refusal naming the annotation
 * when the pod asks for something impossible (a refused pod shows up in its ReplicaSet's
 * events; a silently unmeshed one would not). Throws BadAdmissionReview for a body that
 * is not an AdmissionReview v1.
 */
export function reviewAdmission(body: unknown, settings: InjectionSettings): AdmissionDecision {
  const parsed = admissionReviewSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BadAdmissionReview(`${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  const { request } = parsed.data;
  const answer = (
    outcome: AdmissionDecision["outcome"],
    response: Record<string, unknown>,
    reason?: string,
  ) => ({
    uid: request.uid,
    outcome,
    ...(reason ? { reason } : {}),
    response: {
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      response: { uid: request.uid, ...response },
    },
  });
  const isPod = request.kind.group === "" && request.kind.kind === "Pod";
  if (!isPod || request.operation !== "CREATE" || request.object === undefined)
    return answer("ignored", { allowed: true }, "not a pod being created");
  const pod = request.object as PodLike;
  const workloadName = ownerWorkload(pod);
  const plan = planInjection(pod, settings, workloadName ? { workloadName } : {});
  switch (plan.action) {
    case "inject":
      return answer("injected", {
        allowed: true,
        patchType: "JSONPatch",
        patch: encodePatch(plan.patch),
      });
    case "skip":
      return answer("skipped", { allowed: true }, plan.reason);
    case "invalid":
      return answer(
        "refused",
        {
          allowed: false,
          status: { code: 400, reason: "BadRequest", message: `trellis-proxy-injector: ${plan.reason}` },
        },
        plan.reason,
      );
  }
}

function encodePatch(patch: JsonPatchOp[]): string {
  return Buffer.from(JSON.stringify(patch)).toString("base64");
}
