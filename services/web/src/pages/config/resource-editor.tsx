import {
  isResourceKind,
  type MeshResource,
  type ResourceKind,
  resourceKinds,
} from "@trellis/protocol/resources";
import { PreconditionFailedError, ValidationError } from "@trellis/sdk";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Link, LoadError, Loading } from "../../components/ui.tsx";
import { describe } from "../../lib/api-errors.ts";
import { findCanary, type RouteSpecLike, withCanaryPercent } from "../../lib/canary.ts";
import {
  type DocError,
  locateErrors,
  type ParsedDoc,
  parseResourceYaml,
  resourceToYaml,
  withSpec,
} from "../../lib/resource-yaml.ts";
import { navigate } from "../../router.ts";
import { useSession } from "../../session.ts";
import { CanarySlider } from "./canary-slider.tsx";
import { editorUrl } from "./editor-url.ts";
import { ResourceConditions } from "./resource-conditions.tsx";
import { RolloutReceipt } from "./rollout-receipt.tsx";
import { templateFor } from "./templates.ts";
import { YamlEditor } from "./yaml-editor.tsx";

type Loaded = { resource: MeshResource; etag: string } | null;

type Valid = Extract<ParsedDoc, { ok: true }>;

/**
 * View, create or edit one resource as YAML — Trellis' own document or a Gateway API route
 * as written for Kubernetes. Validation runs in the browser with the API's own schemas as
 * you type; the server's 422 pointers land on the same lines.
 */
export function ResourceEditorPage(props: {
  mesh: string;
  kind: string | null;
  namespace?: string | null;
  name: string | null;
}) {
  const { can } = useSession();
  const editable = can("resources");
  const isNew = props.name === null;
  const [loaded, setLoaded] = useState<Loaded | undefined>(isNew ? null : undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [text, setText] = useState("");
  const [serverErrors, setServerErrors] = useState<DocError[]>([]);
  const [banner, setBanner] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [receiptVersion, setReceiptVersion] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/meshes/${encodeURIComponent(props.mesh)}/config`;

  useEffect(() => {
    if (isNew) {
      const kind = props.kind && isResourceKind(props.kind) ? props.kind : "HTTPRoute";
      setText(templateFor(kind));
      return;
    }
    if (!props.kind || !isResourceKind(props.kind))
      return setLoadError(new Error(`unknown kind ${props.kind}`));
    api
      .resources(props.mesh)
      .get(props.kind, props.name!, props.namespace ? { namespace: props.namespace } : {})
      .then((r) => {
        setLoaded({ resource: r, etag: r.etag });
        setText(resourceToYaml(r));
      })
      .catch(setLoadError);
  }, [props.mesh, props.kind, props.namespace, props.name, isNew]);

  const parsed = useMemo(() => parseResourceYaml(text), [text]);
  const clientErrors = parsed.ok ? [] : parsed.errors;
  const errors = clientErrors.length > 0 ? clientErrors : serverErrors;
  const canary =
    parsed.ok && parsed.kind === "HTTPRoute" ? findCanary(parsed.spec as unknown as RouteSpecLike) : null;

  const save = async (doc: Valid, source: string) => {
    const { kind, namespace, name } = doc;
    setBusy(true);
    setBanner(null);
    setServerErrors([]);
    try {
      const r = loaded?.resource;
      const sameResource = r && r.kind === kind && r.namespace === namespace && r.name === name;
      const res = await api
        .resources(props.mesh)
        .apply(doc.document as never, sameResource ? { ifMatch: loaded.etag } : { ifNoneMatch: "*" });
      setLoaded({ resource: res, etag: res.etag });
      const sync = await api.sync(props.mesh).get();
      setReceiptVersion(sync.desiredVersion);
      const left = res.warnings.length ? ` Left out: ${res.warnings.join("; ")}.` : "";
      setBanner({ tone: "ok", text: `Saved ${kind} ${name} (generation ${res.generation}).${left}` });
      if (!sameResource) navigate(editorUrl(base, kind, namespace, name), { replace: true });
    } catch (err) {
      if (err instanceof ValidationError) {
        const yamlErrors = locateErrors(source, err.errors);
        setServerErrors(yamlErrors.length ? yamlErrors : [{ pointer: "", detail: err.detail, line: null }]);
        setBanner({
          tone: "error",
          text: "The server rejected the resource; see the errors under the editor.",
        });
      } else if (err instanceof PreconditionFailedError) {
        setBanner({
          tone: "error",
          text: "Someone changed this resource since you opened it. Reload to see their version.",
        });
      } else setBanner({ tone: "error", text: describe(err) });
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <LoadError error={loadError} what="the resource" />;
  if (loaded === undefined) return <Loading what="the resource" />;
  const title = isNew
    ? "New resource"
    : `${props.kind} ${props.namespace && props.namespace !== "default" ? `${props.namespace}/` : ""}${props.name}`;
  return (
    <div>
      <p>
        <Link href={base}>← Configuration</Link>
      </p>
      <h1>{title}</h1>
      {isNew ? (
        <div class="field inline">
          <label for="new-kind">Start from a template</label>
          <select
            id="new-kind"
            onChange={(e) =>
              setText(templateFor((e.currentTarget as HTMLSelectElement).value as ResourceKind))
            }
          >
            {resourceKinds.map((k) => (
              <option key={k} value={k} selected={k === (props.kind ?? "HTTPRoute")}>
                {k}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {banner ? (
        <div
          class={banner.tone === "ok" ? "success" : "alert"}
          role={banner.tone === "ok" ? "status" : "alert"}
          data-testid="save-banner"
        >
          {banner.text}
        </div>
      ) : null}
      {canary && loaded ? (
        <CanarySlider
          canary={canary}
          disabled={!editable || busy}
          onSave={async (percent) => {
            if (!parsed.ok) return;
            const spec = withCanaryPercent(
              parsed.spec as unknown as RouteSpecLike,
              canary.ruleIndex,
              percent,
            );
            const next = withSpec(parsed.document, spec);
            setText(next);
            const reparsed = parseResourceYaml(next);
            if (reparsed.ok) await save(reparsed, next);
          }}
        />
      ) : null}
      {loaded ? <ResourceConditions resource={loaded.resource} /> : null}
      <YamlEditor
        label={editable ? "Resource (YAML)" : "Resource (YAML, read-only for your role)"}
        value={text}
        onInput={(t) => {
          setText(t);
          setServerErrors([]);
        }}
        errors={errors}
        readOnly={!editable}
      />
      {editable ? (
        <div class="toolbar">
          <button
            type="button"
            disabled={!parsed.ok || busy}
            onClick={() => parsed.ok && void save(parsed, text)}
          >
            {busy ? "Saving…" : isNew ? "Create" : "Save"}
          </button>
          {!parsed.ok ? <span class="muted">Fix the errors to save.</span> : null}
          {parsed.ok && parsed.warnings.length > 0 ? (
            <span class="muted" data-testid="yaml-warnings">
              Not for a mesh, left out on save: {parsed.warnings.join("; ")}
            </span>
          ) : null}
        </div>
      ) : null}
      {receiptVersion !== null ? <RolloutReceipt mesh={props.mesh} version={receiptVersion} /> : null}
    </div>
  );
}
