import type { ComponentChildren } from "preact";
import { ResourceEditorPage } from "./pages/config/resource-editor.tsx";
import { ResourceListPage } from "./pages/config/resource-list.tsx";
import { HomePage } from "./pages/home.tsx";
import { CaPage } from "./pages/mesh/ca-page.tsx";
import { MeshesPage } from "./pages/mesh/meshes.tsx";
import { OverviewPage } from "./pages/mesh/overview.tsx";
import { TrafficPage } from "./pages/mesh/traffic.tsx";
import { AddClusterPage, OnboardingPage } from "./pages/onboarding/onboarding.tsx";
import { AuditPage } from "./pages/settings/audit.tsx";
import { BillingPage } from "./pages/settings/billing.tsx";
import { MembersPage } from "./pages/settings/members.tsx";
import { TokensPage } from "./pages/settings/tokens.tsx";
import { WebhooksPage } from "./pages/settings/webhooks.tsx";
import { match } from "./router.ts";

type Route = [pattern: string, view: (p: Record<string, string>, q: URLSearchParams) => ComponentChildren];

const routes: Route[] = [
  ["/", () => <HomePage />],
  ["/onboarding", (_, q) => <OnboardingPage mesh={q.get("mesh")} />],
  ["/meshes", () => <MeshesPage />],
  ["/meshes/:mesh", (p) => <OverviewPage mesh={p.mesh!} />],
  ["/meshes/:mesh/clusters/new", (p) => <AddClusterPage mesh={p.mesh!} />],
  ["/meshes/:mesh/traffic", (p, q) => <TrafficPage mesh={p.mesh!} service={q.get("service")} />],
  ["/meshes/:mesh/config", (p) => <ResourceListPage mesh={p.mesh!} />],
  [
    "/meshes/:mesh/config/new",
    (p, q) => <ResourceEditorPage mesh={p.mesh!} kind={q.get("kind")} name={null} />,
  ],
  [
    "/meshes/:mesh/config/:kind/:name",
    (p, q) => (
      <ResourceEditorPage mesh={p.mesh!} kind={p.kind!} namespace={q.get("namespace")} name={p.name!} />
    ),
  ],
  ["/meshes/:mesh/ca", (p) => <CaPage mesh={p.mesh!} />],
  ["/settings/members", () => <MembersPage />],
  ["/settings/tokens", () => <TokensPage />],
  ["/settings/audit", () => <AuditPage />],
  ["/settings/webhooks", () => <WebhooksPage />],
  ["/settings/billing", (_, q) => <BillingPage checkout={q.get("checkout")} />],
];

/** The page for a path, and the mesh it is about (for the navigation). */
export function routeFor(
  path: string,
  query: URLSearchParams,
): { view: ComponentChildren; mesh: string | null } {
  for (const [pattern, view] of routes) {
    const params = match(pattern, path);
    if (params) return { view: view(params, query), mesh: params.mesh ?? query.get("mesh") };
  }
  return {
    mesh: null,
    view: (
      <div>
        <h1>Page not found</h1>
        <p>
          Nothing lives at <code>{path}</code>. <a href="/">Go to your meshes</a>.
        </p>
      </div>
    ),
  };
}
