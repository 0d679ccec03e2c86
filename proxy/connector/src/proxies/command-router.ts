import {
  type Command,
  type CommandResult,
  type ConnectorMessage__Input,
  msFromDuration,
  type StartTap,
  type TapEvent,
} from "@trellis/protocol/tunnel";
import type { AttachedProxy, ProxyRegistry } from "./proxy-registry.ts";

type ActiveTap = {
  start: StartTap;
  commandId: string;
  targets: Set<AttachedProxy>;
  events: number;
  secondStartMs: number;
  eventsThisSecond: number;
  timer: NodeJS.Timeout | null;
};

type AwaitedCommand = { remaining: Set<AttachedProxy>; failures: string[]; timer: NodeJS.Timeout };

type Upstream = { send(msg: ConnectorMessage__Input): boolean };

/**
 * Commands from the control plane to proxies, and what comes back.
 * - StartTap/StopTap go to the proxies of the tap's service (and to matching proxies that
 *   attach while the tap runs); the connector answers at once. It also enforces the tap's
 *   bounds (max events, max duration, events/s) on what it relays, whatever proxies do.
 * - DrainProxy and RotateCertificates go to their proxies; the connector waits for each
 *   proxy's CommandResult (same command id) and sends one combined result.
 */
export class CommandRouter {
  private readonly taps = new Map<string, ActiveTap>();
  private readonly awaited = new Map<string, AwaitedCommand>();

  constructor(
    private readonly registry: ProxyRegistry,
    private readonly upstream: Upstream,
    private readonly timeoutMs: number,
  ) {}

  handle(cmd: Command): void {
    const id = cmd.commandId;
    if (cmd.startTap) {
      this.result(id, this.startTap(id, cmd.startTap));
      return;
    }
    if (cmd.stopTap) {
      this.result(id, this.stopTap(cmd.stopTap.tapId));
      return;
    }
    if (cmd.drainProxy) {
      const proxy = this.registry.get(cmd.drainProxy.proxyId);
      if (!proxy) {
        this.result(id, `proxy ${cmd.drainProxy.proxyId} is not attached to this connector`);
        return;
      }
      this.fanOut(cmd, [proxy]);
      return;
    }
    if (cmd.rotateCertificates) {
      this.fanOut(cmd, this.registry.all());
      return;
    }
    this.result(id, `unsupported command ${cmd.command ?? "(empty)"}`);
  }

  /** A proxy attached: it joins running taps of its service. */
  attached(proxy: AttachedProxy): void {
    for (const tap of this.taps.values()) {
      if (this.registry.ofService(tap.start.service, tap.start.namespace).includes(proxy)) {
        tap.targets.add(proxy);
        proxy.write({ command: { commandId: tap.commandId, startTap: tap.start } });
      }
    }
  }

  detached(proxy: AttachedProxy): void {
    for (const tap of this.taps.values()) tap.targets.delete(proxy);
    for (const [id, cmd] of this.awaited) {
      if (cmd.remaining.delete(proxy)) {
        cmd.failures.push(`${proxy.hello.proxyId}: disconnected`);
        this.maybeFinish(id);
      }
    }
  }

  /** A proxy's CommandResult: counted when we wait for it, otherwise dropped. */
  proxyResult(proxy: AttachedProxy, result: CommandResult): void {
    const cmd = this.awaited.get(result.commandId);
    if (!cmd?.remaining.delete(proxy)) return;
    if (!result.ok) cmd.failures.push(`${proxy.hello.proxyId}: ${result.error || "failed"}`);
    this.maybeFinish(result.commandId);
  }

  /** Relays a proxy's tap event if its tap runs and is within bounds. */
  tapEvent(proxy: AttachedProxy, event: TapEvent): void {
    const tap = this.taps.get(event.tapId);
    if (!tap?.targets.has(proxy)) return;
    const now = Date.now();
    if (now - tap.secondStartMs >= 1000) {
      tap.secondStartMs = now;
      tap.eventsThisSecond = 0;
    }
    const perSecond = tap.start.maxEventsPerSecond;
    if (perSecond > 0 && tap.eventsThisSecond >= perSecond) return;
    tap.eventsThisSecond++;
    tap.events++;
    this.upstream.send({ tapEvent: { ...event, proxyId: proxy.hello.proxyId } });
    if (tap.start.maxEvents > 0 && tap.events >= tap.start.maxEvents) this.stopTap(tap.start.tapId);
  }

  close(): void {
    for (const tap of this.taps.values()) if (tap.timer) clearTimeout(tap.timer);
    for (const cmd of this.awaited.values()) clearTimeout(cmd.timer);
    this.taps.clear();
    this.awaited.clear();
  }

  private startTap(commandId: string, start: StartTap): string | null {
    this.stopTap(start.tapId);
    const targets = new Set(this.registry.ofService(start.service, start.namespace));
    const maxMs = msFromDuration(start.maxDuration) ?? 0;
    const tap: ActiveTap = {
      start,
      commandId,
      targets,
      events: 0,
      secondStartMs: Date.now(),
      eventsThisSecond: 0,
      timer: maxMs > 0 ? setTimeout(() => this.stopTap(start.tapId), maxMs) : null,
    };
    this.taps.set(start.tapId, tap);
    for (const p of targets) p.write({ command: { commandId, startTap: start } });
    if (targets.size === 0) return `no proxy of ${start.namespace || "*"}/${start.service} is attached`;
    return null;
  }

  private stopTap(tapId: string): null {
    const tap = this.taps.get(tapId);
    if (!tap) return null;
    this.taps.delete(tapId);
    if (tap.timer) clearTimeout(tap.timer);
    for (const p of tap.targets)
      p.write({ command: { commandId: `${tap.commandId}:stop`, stopTap: { tapId } } });
    return null;
  }

  private fanOut(cmd: Command, targets: AttachedProxy[]): void {
    if (targets.length === 0) {
      this.result(cmd.commandId, null);
      return;
    }
    const timer = setTimeout(() => {
      const entry = this.awaited.get(cmd.commandId);
      if (!entry) return;
      for (const p of entry.remaining)
        entry.failures.push(`${p.hello.proxyId}: no answer within ${this.timeoutMs} ms`);
      entry.remaining.clear();
      this.maybeFinish(cmd.commandId);
    }, this.timeoutMs);
    this.awaited.set(cmd.commandId, { remaining: new Set(targets), failures: [], timer });
    for (const p of targets) p.write({ command: cmd });
  }

  private maybeFinish(commandId: string): void {
    const cmd = this.awaited.get(commandId);
    if (!cmd || cmd.remaining.size > 0) return;
    clearTimeout(cmd.timer);
    this.awaited.delete(commandId);
    this.result(commandId, cmd.failures.length ? cmd.failures.join("; ") : null);
  }

  private result(commandId: string, error: string | null): void {
    this.upstream.send({ commandResult: { commandId, ok: error === null, error: error ?? "" } });
  }
}
