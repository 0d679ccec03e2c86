// Live traffic taps across replicas.
// The public surface of this area; everything else in the folder is internal.
export { openTap } from "./open-tap.ts";
export { TapRelay } from "./relay.ts";
export { TapWatch } from "./watch.ts";
