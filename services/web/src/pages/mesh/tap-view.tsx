import { roleMay } from "@trellis/protocol/api";
import { useEffect, useRef, useState } from "preact/hooks";
import { tapUrl } from "../../api/observability.ts";
import { Badge, Panel } from "../../components/ui.tsx";
import { latency } from "../../lib/format.ts";
import { useSession } from "../../session.ts";

/** One tapped request, read tolerantly (the tap API is being built in parallel). */
interface TapEvent {
  at: string;
  method?: string;
  path?: string;
  authority?: string;
  status?: number;
  latencyMs?: number;
  source?: string;
  destination?: string;
}

const maxRows = 200;

/**
 * Live tap over Server-Sent Events: request metadata sampled from the mesh's proxies
 * (never bodies). The stream is bounded by the server; closing the view closes it.
 */
export function TapView(props: { mesh: string; service: string | null }) {
  const { me } = useSession();
  const [path, setPath] = useState("");
  const [state, setState] = useState<"idle" | "live" | "ended" | "error">("idle");
  const [message, setMessage] = useState("");
  const [events, setEvents] = useState<TapEvent[]>([]);
  const source = useRef<EventSource | null>(null);
  const stop = () => {
    source.current?.close();
    source.current = null;
  };
  useEffect(() => stop, []);
  if (!roleMay(me.role, "tap"))
    return (
      <Panel title="Live tap">
        <p class="notice">Your role ({me.role}) may not tap traffic.</p>
      </Panel>
    );

  const start = () => {
    stop();
    setEvents([]);
    setMessage("");
    const url = tapUrl(props.mesh, {
      ...(props.service ? { service: props.service } : {}),
      ...(path ? { path } : {}),
      max: 500,
    });
    const es = new EventSource(url, { withCredentials: true });
    source.current = es;
    let received = 0;
    es.onopen = () => setState("live");
    const onData = (e: MessageEvent<string>) => {
      received++;
      const ev = toTapEvent(e.data);
      if (ev) setEvents((list) => [ev, ...list].slice(0, maxRows));
    };
    es.onmessage = onData;
    for (const name of ["tap", "request", "event"]) es.addEventListener(name, onData as EventListener);
    es.addEventListener("end", () => {
      stop();
      setState("ended");
    });
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
      stop();
      if (received > 0) return setState("ended");
      setState("error");
      void diagnose(url).then(setMessage);
    };
  };

  return (
    <Panel title="Live tap">
      <div class="toolbar">
        <div class="field inline">
          <label for="tap-path">Path prefix</label>
          <input
            id="tap-path"
            value={path}
            placeholder="/api"
            onInput={(e) => setPath((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        {state === "live" ? (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              stop();
              setState("ended");
            }}
          >
            Stop tap
          </button>
        ) : (
          <button type="button" onClick={start}>
            Start tap{props.service ? ` on ${props.service}` : ""}
          </button>
        )}
        <span role="status" aria-live="polite">
          {state === "live" ? (
            <Badge tone="good">live</Badge>
          ) : state === "ended" ? (
            <Badge tone="idle">stopped</Badge>
          ) : null}
        </span>
      </div>
      {state === "error" ? (
        <div class="notice" data-state={message.startsWith("Not available") ? "not-available" : "error"}>
          {message || "The tap stream could not be opened."}
        </div>
      ) : null}
      <table data-testid="tap-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Request</th>
            <th scope="col">Status</th>
            <th scope="col">Latency</th>
            <th scope="col">From → to</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={`${e.at}-${i}`}>
              <td>{new Date(e.at).toLocaleTimeString()}</td>
              <td>
                <code>
                  {e.method ?? ""} {e.authority ?? ""}
                  {e.path ?? ""}
                </code>
              </td>
              <td>
                {e.status === undefined ? (
                  "—"
                ) : (
                  <Badge tone={e.status >= 500 ? "bad" : e.status >= 400 ? "warn" : "good"}>{e.status}</Badge>
                )}
              </td>
              <td>{latency(e.latencyMs)}</td>
              <td class="small">
                {e.source ?? "?"} → {e.destination ?? "?"}
              </td>
            </tr>
          ))}
          {events.length === 0 ? (
            <tr>
              <td colSpan={5}>
                {state === "live" ? "Waiting for requests…" : "Start a tap to see live requests."}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </Panel>
  );
}

function toTapEvent(data: string): TapEvent | null {
  try {
    const o = JSON.parse(data) as Record<string, unknown>;
    const pick = (...keys: string[]) => keys.map((k) => o[k]).find((v) => v !== undefined && v !== null);
    const num = (v: unknown) =>
      typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : undefined;
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return {
      at: str(pick("at", "timestamp", "time")) ?? new Date().toISOString(),
      method: str(pick("method")),
      path: str(pick("path")),
      authority: str(pick("authority", "host")),
      status: num(pick("status", "statusCode")),
      latencyMs: num(pick("latencyMs", "durationMs")),
      source: str(pick("clientIdentity", "source", "sourceIdentity")),
      destination: str(pick("serverIdentity", "destination", "destinationIdentity")),
    };
  } catch {
    return null;
  }
}

/** EventSource hides the status of a refused stream; one plain request tells why. */
async function diagnose(url: string): Promise<string> {
  const ctl = new AbortController();
  try {
    const res = await fetch(url, {
      credentials: "same-origin",
      signal: ctl.signal,
      headers: { accept: "text/event-stream" },
    });
    ctl.abort();
    if (res.status === 404) return "Not available yet: this control plane does not serve tap.";
    if (res.status === 403) return "Your role may not tap traffic.";
    if (res.status === 429) return "Too many taps are running; try again shortly.";
    return res.ok
      ? "The tap stream closed; start it again."
      : `The tap stream was refused (HTTP ${res.status}).`;
  } catch {
    return "Trellis is unreachable.";
  }
}
