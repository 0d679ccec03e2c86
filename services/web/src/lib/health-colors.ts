/**
 * Success rate → colour, the way mesh dashboards read: green when healthy, amber when
 * degraded, red when failing, grey without traffic. Thresholds follow Linkerd's viz
 * (≥ 99 % good, ≥ 95 % warning). Colours pass WCAG AA on white as text and as strokes.
 */
export type Health = "good" | "warn" | "bad" | "idle";

export function healthOf(successRate: number | null | undefined): Health {
  if (successRate === null || successRate === undefined) return "idle";
  if (successRate >= 0.99) return "good";
  if (successRate >= 0.95) return "warn";
  return "bad";
}

export const healthColor: Record<Health, string> = {
  good: "#16794c",
  warn: "#a15c00",
  bad: "#c0262d",
  idle: "#6b7280",
};

export const healthLabel: Record<Health, string> = {
  good: "healthy",
  warn: "degraded",
  bad: "failing",
  idle: "no traffic",
};
