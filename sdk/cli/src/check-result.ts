/** One check's outcome in `trellis check`; warnings do not fail the run. */
export interface CheckResult {
  section: string;
  check: string;
  status: "ok" | "fail" | "warn";
  detail?: string;
  hint?: string;
}
