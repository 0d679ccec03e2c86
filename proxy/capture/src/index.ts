// Entry point `@trellis/proxy-capture`: the capture rules, their installer, and the
// original destination of a redirected connection.
export { type ApplyResult, applyCaptureRules } from "./apply-rules.ts";
export {
  type CaptureOptions,
  CaptureOptionsError,
  captureOptionsSchema,
  parseCaptureArgs,
} from "./capture-options.ts";
export { captureRules, chains } from "./iptables-rules.ts";
export { type OriginalDestination, originalDestination } from "./original-destination.ts";
