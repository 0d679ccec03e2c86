import { UnauthenticatedError } from "@trellis/sdk";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

/** Fired when a poll finds the session gone (expired, revoked): the app shows the login. */
export const sessionEndedEvent = "trellis:session-ended";

export interface Polled<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first answer (or error). */
  loading: boolean;
  /** Fetch again now (after a mutation), without waiting for the next tick. */
  refresh: () => void;
}

/**
 * Calls `load` now and every `intervalMs` while the component is mounted, so nothing on the
 * page needs a manual refresh. One request at a time (a slow API is not piled on); paused
 * while the tab is hidden; a change of `deps` starts over.
 */
export function usePoll<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[]): Polled<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const tick = useRef<() => void>(() => {});
  // `deps` are the caller's inputs to `load`: a change of them starts the polling over.
  useEffect(() => {
    let alive = true;
    let running = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ data: undefined, error: undefined, loading: true });
    const run = async () => {
      if (!alive || running) return;
      clearTimeout(timer);
      running = true;
      try {
        const data = await load();
        if (alive) setState({ data, error: undefined, loading: false });
      } catch (error) {
        if (error instanceof UnauthenticatedError) window.dispatchEvent(new Event(sessionEndedEvent));
        if (alive) setState((s) => ({ data: s.data, error, loading: false }));
      } finally {
        running = false;
        if (alive) timer = setTimeout(run, document.hidden ? intervalMs * 5 : intervalMs);
      }
    };
    tick.current = () => void run();
    void run();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, deps);
  const refresh = useCallback(() => tick.current(), []);
  return { ...state, refresh };
}

/** The current time, re-rendered every `intervalMs` (for "12 s ago" labels). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
