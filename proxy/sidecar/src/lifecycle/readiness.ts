/** Why the proxy is not ready; empty when it is. Ready = config, certificate and listeners in place, not draining. */
export function readiness(s: {
  hasConfig: boolean;
  hasCertificate: boolean;
  listening: boolean;
  draining: boolean;
}): { ready: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (!s.hasConfig) reasons.push("no configuration yet");
  if (!s.hasCertificate) reasons.push("no workload certificate yet");
  if (!s.listening) reasons.push("listeners not serving yet");
  if (s.draining) reasons.push("draining");
  return { ready: reasons.length === 0, reasons };
}
