import { NotFoundError, type TrellisClient } from "@trellis/sdk";
import { caChecks, proxyCertChecks } from "../certificate-checks.ts";
import type { CheckResult } from "../check-result.ts";
import { explain } from "../connect.ts";

/**
 * The certificates section of `trellis check` for one mesh: the CA (`GET …/ca`) and the
 * proxies' leaf certificates (`GET …/proxies`). A control plane without those routes (404)
 * gives a warning, not a failure: the check cannot tell, which is not the mesh's fault.
 */
export async function checkCertificates(
  client: TrellisClient,
  mesh: string,
  emit: (r: CheckResult) => void,
  nowMs = Date.now(),
): Promise<void> {
  const section = `certificates of mesh ${mesh}`;
  const notAvailable = (what: string, err: NotFoundError) =>
    emit({
      section,
      check: `${what} can be checked`,
      status: "warn",
      detail: err.routeMissing
        ? "not available: this control plane does not serve it"
        : `not available: ${err.detail}`,
    });
  try {
    const ca = await client.ca(mesh).get();
    for (const r of caChecks(mesh, ca, nowMs)) emit({ section, ...r });
  } catch (err) {
    if (err instanceof NotFoundError) notAvailable("the mesh CA", err);
    else emitFailure(section, "the mesh CA can be read", err, emit);
  }
  try {
    const proxies = await client.proxies(mesh).listAll();
    for (const r of proxyCertChecks(proxies, nowMs)) emit({ section, ...r });
  } catch (err) {
    if (err instanceof NotFoundError) notAvailable("proxy certificates", err);
    else emitFailure(section, "proxy certificates can be read", err, emit);
  }
}

function emitFailure(section: string, check: string, err: unknown, emit: (r: CheckResult) => void): void {
  const e = explain(err);
  emit({ section, check, status: "fail", detail: e.message, ...(e.hint ? { hint: e.hint } : {}) });
}
