import { useState } from "preact/hooks";
import type { CanaryRule } from "../../lib/canary.ts";

/** A slider for the canary share of a weighted route; saving is the caller's. */
export function CanarySlider(props: {
  canary: CanaryRule;
  disabled: boolean;
  onSave: (percent: number) => Promise<void>;
}) {
  // The user's unsaved choice, kept apart from the stored weights: a re-render or a reload of
  // the route never overwrites it (syncing it from props in an effect did, when the effect ran
  // after the first input — a lost edit under load). Cleared once saved.
  const [draft, setDraft] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const percent = draft ?? props.canary.canaryPercent;
  const changed = draft !== null && draft !== props.canary.canaryPercent;
  return (
    <div class="canary card">
      <h2>Canary</h2>
      <label for="canary-weight">
        Traffic to <strong>{props.canary.canary}</strong> (the rest goes to {props.canary.stable})
      </label>
      <div class="slider-row">
        <input
          id="canary-weight"
          type="range"
          min={0}
          max={100}
          step={1}
          value={percent}
          disabled={props.disabled}
          aria-valuetext={`${percent}% to ${props.canary.canary}, ${100 - percent}% to ${props.canary.stable}`}
          onInput={(e) => setDraft(Number((e.currentTarget as HTMLInputElement).value))}
        />
        <output for="canary-weight" data-testid="canary-output">
          {props.canary.stable} {100 - percent}% · {props.canary.canary} {percent}%
        </output>
      </div>
      {!props.disabled ? (
        <button
          type="button"
          disabled={!changed || busy}
          onClick={async () => {
            setBusy(true);
            try {
              await props.onSave(percent);
              setDraft(null);
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? "Saving…" : "Save weights"}
        </button>
      ) : null}
    </div>
  );
}
