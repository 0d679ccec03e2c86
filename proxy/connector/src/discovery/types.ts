import type { Service__Input } from "@trellis/protocol/tunnel";

/** The full discovered state, as the tunnel's DiscoveryUpdate carries it. */
export type DiscoveredServices = { services: Service__Input[] };

export type DiscoveryStatus = {
  mode: "file" | "kubernetes";
  services: number;
  endpoints: number;
  /** The last problem (bad file, API error); cleared by the next good read. */
  lastError: string | null;
  updatedAt: string | null;
};

/** A discovery source: calls `onUpdate` with the full state whenever it changes. */
export interface Discovery {
  readonly mode: "file" | "kubernetes";
  start(): Promise<void>;
  stop(): Promise<void>;
  current(): DiscoveredServices | null;
  status(): DiscoveryStatus;
}

/** Canonical order, so equal states compare equal and updates are deterministic. */
export function normalize(update: DiscoveredServices): DiscoveredServices {
  const key = (s: Service__Input) => `${s.namespace ?? ""}/${s.name ?? ""}`;
  return {
    services: [...update.services]
      .map((s) => ({
        ...s,
        ports: [...(s.ports ?? [])].sort((a, b) => Number(a.port) - Number(b.port)),
        endpoints: [...(s.endpoints ?? [])].sort((a, b) =>
          `${a.address}:${a.port}`.localeCompare(`${b.address}:${b.port}`),
        ),
      }))
      .sort((a, b) => key(a).localeCompare(key(b))),
  };
}

export function countEndpoints(update: DiscoveredServices | null): number {
  return update?.services.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0) ?? 0;
}
