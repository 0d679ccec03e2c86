import type { CaRoot, CaRotation, MeshCa, MeshProxy } from "@trellis/sdk";
import type { CheckResult } from "./check-result.ts";
import { fromNow } from "./output.ts";

// What `check` reads of the API's `MeshCa` and `MeshProxy` (@trellis/protocol/api): picked
// from them, so the real objects fit as they are and a renamed field fails to compile.

/** `GET /v1/meshes/{mesh}/ca`, the fields the CA checks read. */
export interface CaView {
  backend: MeshCa["backend"];
  trustDomain: string;
  ready: boolean;
  roots: Pick<CaRoot, "fingerprint" | "subject" | "notAfter" | "active">[];
  issuer: Pick<NonNullable<MeshCa["issuer"]>, "subject" | "notAfter" | "expiringSoon"> | null;
  rotation: Pick<CaRotation, "phase" | "startedAt" | "finishedAt" | "progress"> | null;
}

/** One proxy of `GET /v1/meshes/{mesh}/proxies`, the fields the certificate check reads. */
export type ProxyCert = Pick<MeshProxy, "id" | "cluster" | "workload" | "health" | "certNotAfter" | "flags">;

/** Roots expiring sooner than this are a warning (the API flags the issuer by its own window). */
export const rootWarningMs = 30 * 86_400_000;

type Check = Omit<CheckResult, "section">;

/** The checks of the mesh CA: ready, issuer, roots, rotation. Pure. */
export function caChecks(mesh: string, ca: CaView, nowMs: number): Check[] {
  const out: Check[] = [];
  out.push(
    ca.ready
      ? {
          check: "the mesh CA is ready",
          status: "ok",
          detail: `${ca.backend}, trust domain ${ca.trustDomain}`,
        }
      : {
          check: "the mesh CA is ready",
          status: "fail",
          detail: `the ${ca.backend} CA has no issuing certificate yet: no proxy can get a certificate`,
          hint: `upload the issuer: POST /v1/meshes/${mesh}/ca/external (SDK: client.ca("${mesh}").uploadExternal)`,
        },
  );
  const issuer = ca.issuer;
  if (issuer) {
    const expired = Date.parse(issuer.notAfter) <= nowMs;
    const day = issuer.notAfter.slice(0, 10);
    const when = `expires ${fromNow(issuer.notAfter, nowMs)}, on ${day}`;
    out.push(
      expired || issuer.expiringSoon
        ? {
            check: "the issuing certificate is valid",
            status: expired ? "fail" : "warn",
            detail: expired ? `expired ${fromNow(issuer.notAfter, nowMs)}, on ${day}` : when,
            hint: `renew it: POST /v1/meshes/${mesh}/ca/renew-issuer (SDK: client.ca("${mesh}").renewIssuer())`,
          }
        : { check: "the issuing certificate is valid", status: "ok", detail: when },
    );
  }
  const active = ca.roots.filter((r) => r.active);
  const soonest = [...active].sort((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter))[0];
  if (soonest) {
    const leftMs = Date.parse(soonest.notAfter) - nowMs;
    const detail = `${ca.roots.length} root(s); the active one expires ${fromNow(soonest.notAfter, nowMs)}`;
    out.push(
      leftMs > rootWarningMs
        ? { check: "the trust root is valid", status: "ok", detail }
        : {
            check: "the trust root is valid",
            status: leftMs <= 0 ? "fail" : "warn",
            detail,
            hint: `rotate to a new root without downtime: POST /v1/meshes/${mesh}/ca/rotate (SDK: client.ca("${mesh}").rotate())`,
          },
    );
  }
  const r = ca.rotation;
  if (r && (r.phase === "pushing-bundle" || r.phase === "reissuing")) {
    const p = r.progress;
    out.push({
      check: "no trust-bundle rotation in progress",
      status: "warn",
      detail: `rotation ${r.phase} since ${r.startedAt ?? "?"}: clusters with the new bundle ${p.clusters.withBundle}/${p.clusters.total}, proxies on the new root ${p.proxies.onNewRoot}/${p.proxies.total}`,
      hint: "it finishes by itself once every proxy has a certificate from the new root; `trellis sync` shows the clusters",
    });
  } else
    out.push({
      check: "no trust-bundle rotation in progress",
      status: "ok",
      ...(r?.finishedAt ? { detail: `last one finished ${fromNow(r.finishedAt, nowMs)}` } : {}),
    });
  return out;
}

/** The check of the proxies' leaf certificates: expired fails, flagged `cert_expiring` warns. Pure. */
export function proxyCertChecks(proxies: ProxyCert[], nowMs: number): Check[] {
  const live = proxies.filter((p) => p.health !== "gone" && p.certNotAfter !== null);
  if (live.length === 0) return [];
  const name = (p: ProxyCert) => `${p.cluster}/${p.workload || p.id}`;
  const expired = live.filter((p) => Date.parse(p.certNotAfter!) <= nowMs);
  const expiring = live.filter(
    (p) => !expired.includes(p) && p.flags.some((f) => f.flag === "cert_expiring"),
  );
  const check = `proxy certificates are valid (${live.length - expired.length - expiring.length}/${live.length})`;
  if (expired.length > 0)
    return [
      {
        check,
        status: "fail",
        detail: expired.map((p) => `${name(p)}: expired ${fromNow(p.certNotAfter!, nowMs)}`).join("; "),
        hint: "those proxies cannot renew: check that their connector is connected and that they can reach it",
      },
    ];
  if (expiring.length > 0)
    return [
      {
        check,
        status: "warn",
        detail: expiring.map((p) => `${name(p)}: expires ${fromNow(p.certNotAfter!, nowMs)}`).join("; "),
        hint: "proxies renew at half-life; one that did not may not reach its connector",
      },
    ];
  const soonest = live.map((p) => p.certNotAfter!).sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
  return [{ check, status: "ok", detail: `the first expires ${fromNow(soonest, nowMs)}` }];
}
