import { roleMay } from "@trellis/protocol/api";
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { ConsoleBillingBanner } from "../pages/settings/billing-banner.tsx";
import { useSession } from "../session.ts";
import { Link } from "./ui.tsx";

const lastMeshKey = "trellis.lastMesh";

/** The console frame: skip link, header with org and sign-out, navigation, the page. */
export function Layout(props: { path: string; mesh: string | null; children: ComponentChildren }) {
  const { me, signOut } = useSession();
  useEffect(() => {
    if (props.mesh) localStorage.setItem(lastMeshKey, props.mesh);
  }, [props.mesh]);
  const mesh = props.mesh ?? localStorage.getItem(lastMeshKey);
  // Billing is the owner's alone (its nav item, and the payment-failed banner on every page).
  const owner = roleMay(me.role, "billing");
  const m = mesh ? `/meshes/${encodeURIComponent(mesh)}` : null;
  const item = (href: string, label: string, exact = false) => (
    <li>
      <Link href={href} current={exact ? props.path === href : props.path.startsWith(href)}>
        {label}
      </Link>
    </li>
  );
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          Trellis
        </Link>
        <span class="org" data-testid="org">
          {me.org.name} · <span data-testid="role">{me.role}</span>
        </span>
        <span class="who">{me.user?.email ?? "API token"}</span>
        <button type="button" class="link-button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <nav class="side" aria-label="Console">
        {m ? (
          <>
            <h2 class="nav-title">Mesh {mesh}</h2>
            <ul>
              {item(m, "Overview", true)}
              {item(`${m}/traffic`, "Traffic")}
              {item(`${m}/config`, "Configuration")}
              {item(`${m}/ca`, "Certificates")}
            </ul>
          </>
        ) : null}
        <h2 class="nav-title">Organisation</h2>
        <ul>
          {item("/meshes", "Meshes", true)}
          {item("/settings/members", "Members")}
          {item("/settings/tokens", "API tokens")}
          {item("/settings/audit", "Audit log")}
          {item("/settings/webhooks", "Alert webhooks")}
          {owner ? item("/settings/billing", "Billing") : null}
        </ul>
      </nav>
      <main id="main" class="content" tabIndex={-1}>
        {owner && props.path !== "/settings/billing" ? <ConsoleBillingBanner /> : null}
        {props.children}
      </main>
    </div>
  );
}
