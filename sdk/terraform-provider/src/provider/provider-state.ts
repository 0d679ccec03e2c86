import type { TrellisClient } from "@trellis/sdk";
import type { Registry } from "./registry.ts";

/** What the provider process holds between RPCs: the configured client and the stop switch. */
export class ProviderState {
  client: TrellisClient | undefined;
  private stop = new AbortController();

  constructor(readonly registry: Registry) {}

  /** A signal that aborts when the call is cancelled or Terraform calls StopProvider. */
  signal(call: AbortSignal): AbortSignal {
    return AbortSignal.any([call, this.stop.signal]);
  }

  /** StopProvider: abort every call in flight; later calls run normally. */
  stopAll(): void {
    this.stop.abort(Object.assign(new Error("stopped by Terraform"), { name: "AbortError" }));
    this.stop = new AbortController();
  }
}
