import type { MetricWindow } from "@trellis/sdk";

const windows: { value: MetricWindow; label: string }[] = [
  { value: "5m", label: "last 5 minutes" },
  { value: "1h", label: "last hour" },
  { value: "24h", label: "last 24 hours" },
  { value: "7d", label: "last 7 days" },
];

export function WindowPicker(props: {
  value: MetricWindow;
  onChange: (w: MetricWindow) => void;
  id: string;
}) {
  return (
    <span class="field inline">
      <label for={props.id}>Window</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value as MetricWindow)}
      >
        {windows.map((w) => (
          <option key={w.value} value={w.value}>
            {w.label}
          </option>
        ))}
      </select>
    </span>
  );
}
