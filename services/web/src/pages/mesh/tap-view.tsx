import { roleMay } from "@trellis/protocol/api";
import type { DiscoveredService, TapEvent } from "@trellis/sdk";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Badge, Panel } from "../../components/ui.tsx";
import { latency } from "../../lib/format.ts";
import { describeTapEnd, describeTapError, shortIdentity } from "../../lib/tap.ts";
import { useSession } from "../../session.ts";

/** Rows kept on screen: the newest first; older ones fall off (the tap can run for minutes). */
export const maxTapRows = 200;
/** Server-side bounds of one tap (the API caps them at 1000 events and 300 s). */
const tapMaxEvents = 1000;
const tapSeconds = 120;

interface Row {
  key: number;
  receivedAt: number;
  event: TapEvent;
}

/**
 * Live tap through the SDK's `client.tap()` (SSE over fetch): request metadata sampled by
 * the proxies of one service, never bodies. Bounded on the server (events, seconds) and on
 * screen (`maxTapRows`); Stop, leaving the page or a new tap aborts the stream.
 */
export function TapView(props: { mesh: string; service: string | null; services: DiscoveredService[] }) {
  const { me } = useSession();
  const [service, setService] = useState(props.service ?? "");
  const [path, setPath] = useState("");
  const [state, setState] = useState<"idle" | "starting" | "live" | "ended" | "error">("idle");
  const [message, setMessage] = useState("");
  const [rows, setRows] = useState<Row[]>([]);
  const [count, setCount] = useState(0);
  const running = useRef<AbortController | null>(null);
  const stop = () => {
    running.current?.abort();
    running.current = null;
  };
  useEffect(() => stop, []);
  useEffect(() => {
    if (props.service) setService(props.service);
  }, [props.service]);
  if (!roleMay(me.role, "tap"))
    return (
      <Panel title="Live tap">
        <p class="notice">Your role ({me.role}) may not tap traffic.</p>
      </Panel>
    );

  const start = async () => {
    stop();
    const ctl = new AbortController();
    running.current = ctl;
    setRows([]);
    setCount(0);
    setMessage("");
    setState("starting");
    const [namespace, name] = service.includes("/") ? service.split("/", 2) : [undefined, service];
    const tap = api.tap(props.mesh, {
      service: name!,
      ...(namespace ? { namespace } : {}),
      ...(path ? { path } : {}),
      max: tapMaxEvents,
      seconds: tapSeconds,
      signal: ctl.signal,
      onStart: () => setState("live"),
    });
    let n = 0;
    try {
      for await (const event of tap) {
        n++;
        const row = { key: n, receivedAt: Date.now(), event };
        setRows((list) => [row, ...list].slice(0, maxTapRows));
        setCount(n);
      }
      setState("ended");
      setMessage(describeTapEnd(tap.ended));
    } catch (err) {
      if (ctl.signal.aborted) return;
      setState("error");
      setMessage(describeTapError(err, name!));
    } finally {
      if (running.current === ctl) running.current = null;
    }
  };
  const live = state === "live" || state === "starting";

  return (
    <Panel title="Live tap">
      <div class="toolbar">
        <div class="field inline">
          <label for="tap-service">Service</label>
          <select
            id="tap-service"
            value={service}
            disabled={live}
            onChange={(e) => setService((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">Choose a service…</option>
            {props.services.map((s) => (
              <option key={`${s.namespace}/${s.name}`} value={`${s.namespace}/${s.name}`}>
                {s.namespace}/{s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field inline">
          <label for="tap-path">Path prefix</label>
          <input
            id="tap-path"
            value={path}
            placeholder="/api"
            disabled={live}
            onInput={(e) => setPath((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        {live ? (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              stop();
              setState("ended");
              setMessage(`Stopped after ${count} events.`);
            }}
          >
            Stop tap
          </button>
        ) : (
          <button type="button" onClick={() => void start()} disabled={!service}>
            Start tap
          </button>
        )}
        <span role="status" aria-live="polite" data-testid="tap-state" data-state={state}>
          {state === "live" ? (
            <Badge tone="good">live · {count} events</Badge>
          ) : state === "starting" ? (
            <Badge tone="info">starting…</Badge>
          ) : state === "ended" ? (
            <Badge tone="idle">stopped · {count} events</Badge>
          ) : null}
        </span>
      </div>
      {message ? (
        <p class={state === "error" ? "alert" : "muted"} role={state === "error" ? "alert" : undefined}>
          {message}
        </p>
      ) : null}
      <TapTable rows={rows} state={state} />
      {count > maxTapRows ? (
        <p class="muted small">
          Showing the newest {maxTapRows} of {count} events.
        </p>
      ) : null}
    </Panel>
  );
}

function TapTable(props: { rows: Row[]; state: string }) {
  return (
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
        {props.rows.map(({ key, receivedAt, event: e }) => (
          <tr key={key} data-tap-row>
            <td>{new Date(e.at ?? receivedAt).toLocaleTimeString()}</td>
            <td>
              <code>
                {e.method} {e.authority}
                {e.path}
              </code>
              <div class="muted small">
                {e.direction || "?"} at {e.proxyId}
              </div>
            </td>
            <td>
              <Badge tone={e.status >= 500 || e.grpcStatus > 0 ? "bad" : e.status >= 400 ? "warn" : "good"}>
                {e.status}
                {e.grpcStatus > 0 ? ` · grpc ${e.grpcStatus}` : ""}
              </Badge>
            </td>
            <td>{latency(e.latencyMs)}</td>
            <td class="small" title={`${e.clientIdentity || "(no mTLS)"} → ${e.serverIdentity}`}>
              {shortIdentity(e.clientIdentity)} → {shortIdentity(e.serverIdentity)}
            </td>
          </tr>
        ))}
        {props.rows.length === 0 ? (
          <tr>
            <td colSpan={5}>
              {props.state === "live" || props.state === "starting"
                ? "Waiting for requests…"
                : "Choose a service and start a tap to see live requests."}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
