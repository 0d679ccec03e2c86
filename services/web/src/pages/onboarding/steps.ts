import type { Cluster } from "@trellis/sdk";

/** The onboarding steps, numbered once: the bar and every card read their numbers from here. */
export const onboardingSteps = [
  "Create a mesh",
  "Add a cluster",
  "Run the connector",
  "See your services",
] as const;
export type OnboardingStep = 1 | 2 | 3 | 4;

/** "2. Add a cluster": a card's heading, with the bar's number. */
export const stepTitle = (step: OnboardingStep, title?: string) =>
  `${step}. ${title ?? onboardingSteps[step - 1]}`;

/**
 * Where a mesh's onboarding stands, from its clusters as the API reports them (so a page
 * reloaded or visited again shows the truth, not the form it started with). Pure.
 * - a cluster whose connector connected (now, or once: it has a credential) → 4, that cluster;
 * - a cluster added in this visit (its join token in hand), or one never connected → 3;
 * - no live cluster → 2.
 */
export function onboardingState(
  clusters: readonly Cluster[],
  addedNow: string | null,
): { step: OnboardingStep; cluster: Cluster | null } {
  const live = clusters.filter((c) => !c.revokedAt);
  const connected = live.find((c) => c.connected) ?? live.find((c) => c.credentialIssuedAt !== null);
  if (connected) return { step: 4, cluster: connected };
  const waiting = live.find((c) => c.name === addedNow) ?? live[0];
  return waiting ? { step: 3, cluster: waiting } : { step: 2, cluster: null };
}
