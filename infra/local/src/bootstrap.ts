import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ConflictError, NotFoundError, TrellisClient } from "@trellis/sdk";
import { warehouseCanaryRoute } from "./proxyless.ts";
import { canaryRoute } from "./workloads.ts";

export interface DemoCredentials {
  email: string;
  password: string;
  /** An admin API token for the CLI and for this script. */
  token: string;
}

export const demoEmail = "demo@trellis.local";

/**
 * Makes sure the demo org, user, mesh `demo` and cluster `local` exist, reusing what an
 * earlier `npm start` created. Returns a join token only when the connector needs one.
 */
export async function bootstrapDemo(
  apiUrl: string,
  credentialsFile: string,
  connectorHasCredential: boolean,
) {
  const credentials = await ensureCredentials(apiUrl, credentialsFile);
  const client = new TrellisClient({ baseUrl: apiUrl, token: credentials.token });
  await client.meshes
    .create({ name: "demo", description: "the npm start demo" })
    .catch(ignore(ConflictError));
  let joinToken: string | null = null;
  try {
    const created = await client.clusters("demo").create("local");
    joinToken = created.joinToken.token;
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    if (!connectorHasCredential) joinToken = (await client.clusters("demo").newJoinToken("local")).token;
  }
  const routes = client.resources("demo");
  // Created once: a weight the user changed survives the next start.
  await routes.get("HTTPRoute", "catalog-canary").catch(async (err: unknown) => {
    if (!(err instanceof NotFoundError)) throw err;
    await routes.put("HTTPRoute", "catalog-canary", canaryRoute(10));
  });
  await routes.get("GRPCRoute", "warehouse-canary").catch(async (err: unknown) => {
    if (!(err instanceof NotFoundError)) throw err;
    await routes.put("GRPCRoute", "warehouse-canary", warehouseCanaryRoute(20));
  });
  const { trustDomain } = await client.meshes.get("demo");
  return { credentials, client, joinToken, trustDomain };
}

async function ensureCredentials(apiUrl: string, file: string): Promise<DemoCredentials> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DemoCredentials;
  const session = new TrellisClient({ baseUrl: apiUrl });
  const password = `demo-${randomBytes(9).toString("base64url")}`;
  await session.auth.signup({ email: demoEmail, password, orgName: "Demo" });
  const token = await session.tokens.create({ name: "npm start demo", role: "admin" });
  const credentials = { email: demoEmail, password, token: token.token };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

function ignore(kind: new (...args: never[]) => Error) {
  return (err: unknown) => {
    if (!(err instanceof kind)) throw err;
  };
}
