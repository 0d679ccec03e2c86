// The provider block: where the API is, the token, and optionally the org the token must
// belong to. Configuring checks the token once (GET /v1/me) so a bad one fails the plan
// with a diagnostic on the attribute, not every resource on its own.
import { TrellisApiError, TrellisClient, TrellisNetworkError, UnauthenticatedError } from "@trellis/sdk";
import { isUnknown, type ObjectValue } from "../cty/value.ts";
import { attr, type Block } from "../schema/model.ts";
import { type Diagnostic, errorDiagnostic } from "./diagnostics.ts";

export const providerVersion = "0.1.0";

export const providerSchema: Block = {
  description:
    "Manages a Trellis organisation: meshes, clusters, routes and policies, tokens, members, webhooks.",
  attributes: [
    attr.optional(
      "url",
      "string",
      "The Trellis API, e.g. `https://api.trellis.dev` (no `/v1`). Default: `TRELLIS_URL`.",
    ),
    {
      ...attr.optional("token", "string", "An API token (`trl_pat_…`). Default: `TRELLIS_TOKEN`."),
      sensitive: true,
    },
    attr.optional(
      "org",
      "string",
      "The organisation (name or `org_…` id) the token must belong to: a guard against the wrong token.",
    ),
  ],
  blocks: [],
};

type Env = Record<string, string | undefined>;

/** Checks what can be checked without the network (URL shape). */
export function validateProviderConfig(config: ObjectValue): Diagnostic[] {
  const url = config.url;
  if (typeof url === "string" && !/^https?:\/\/[^/]/.test(url))
    return [
      errorDiagnostic(
        "Invalid provider url",
        `url must be an http(s) URL such as https://api.trellis.dev, got "${url}"`,
        ["url"],
      ),
    ];
  return [];
}

export async function configureProvider(
  config: ObjectValue,
  env: Env,
  terraformVersion: string,
): Promise<{ client?: TrellisClient; diagnostics: Diagnostic[] }> {
  for (const a of ["url", "token", "org"]) {
    if (isUnknown(config[a]))
      return {
        diagnostics: [
          errorDiagnostic(
            `Provider ${a} is not known yet`,
            `${a} must be known when planning: it cannot come from a resource created in the same run.`,
            [a],
          ),
        ],
      };
  }
  const url = (config.url as string | null) ?? env.TRELLIS_URL;
  const token = (config.token as string | null) ?? env.TRELLIS_TOKEN;
  if (!url)
    return {
      diagnostics: [
        errorDiagnostic("Missing Trellis API url", "Set url in the provider block, or TRELLIS_URL.", ["url"]),
      ],
    };
  if (!token)
    return {
      diagnostics: [
        errorDiagnostic(
          "Missing Trellis API token",
          "Set token in the provider block, or TRELLIS_TOKEN (create one in the console or with `trellis token create`).",
          ["token"],
        ),
      ],
    };
  const invalid = validateProviderConfig({ url });
  if (invalid.length > 0) return { diagnostics: invalid };
  const client = new TrellisClient({
    baseUrl: url,
    token,
    userAgent: `terraform-provider-trellis/${providerVersion} terraform/${terraformVersion}`,
  });
  try {
    const me = await client.auth.me();
    const org = config.org as string | null;
    if (org && org !== me.org.name && org !== me.org.id) {
      return {
        diagnostics: [
          errorDiagnostic(
            "The token belongs to another organisation",
            `The token is for "${me.org.name}" (${me.org.id}), but the provider's org is "${org}".`,
            ["org"],
          ),
        ],
      };
    }
    return { client, diagnostics: [] };
  } catch (err) {
    return { diagnostics: [connectDiagnostic(err, url)] };
  }
}

function connectDiagnostic(err: unknown, url: string): Diagnostic {
  if (err instanceof UnauthenticatedError) {
    return errorDiagnostic(
      "Trellis rejected the API token",
      `${err.detail}${err.requestId ? ` (request ${err.requestId})` : ""}. The token is wrong, expired or revoked: create a new one and set it as token or TRELLIS_TOKEN.`,
      ["token"],
    );
  }
  if (err instanceof TrellisNetworkError)
    return errorDiagnostic("Cannot reach the Trellis API", `${err.message} (url = ${url})`, ["url"]);
  if (err instanceof TrellisApiError)
    return errorDiagnostic(`Trellis answered ${err.status}: ${err.title}`, err.detail, ["url"]);
  throw err;
}
