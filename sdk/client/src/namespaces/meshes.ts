import type { CreateMeshInput, Mesh, UpdateMeshInput } from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { etagOf, type IfMatchOptions, PaginatedNamespace, type WithEtag } from "./base.ts";

/** The org's meshes. A mesh's ETag is `"v<configVersion>"`: any config change moves it. */
export class MeshesNamespace extends PaginatedNamespace<Mesh> {
  /** @internal */
  constructor(t: Transport) {
    super(t, operations.listMeshes);
  }

  /** Creates a mesh (idempotent across retries); a duplicate name is a `ConflictError`. */
  async create(input: CreateMeshInput, options: RequestOptions = {}): Promise<WithEtag<Mesh>> {
    checkOptions("meshes.create", options, requestOptionKeys);
    const res = await this.t.call<Mesh>(operations.createMesh, { ...options, body: input });
    return withMeshEtag(res.body, res.headers);
  }

  /** Gets a mesh by name, with its ETag. */
  async get(name: string, options: RequestOptions = {}): Promise<WithEtag<Mesh>> {
    checkOptions("meshes.get", options, requestOptionKeys);
    const res = await this.t.call<Mesh>(operations.getMesh, { ...options, params: { mesh: name } });
    return withMeshEtag(res.body, res.headers);
  }

  /** Updates description and/or settings; with `ifMatch`, only if nothing changed since. */
  async update(name: string, input: UpdateMeshInput, options: IfMatchOptions = {}): Promise<WithEtag<Mesh>> {
    checkOptions("meshes.update", options, [...requestOptionKeys, "ifMatch"]);
    const res = await this.t.call<Mesh>(operations.updateMesh, {
      params: { mesh: name },
      body: input,
      headers: { "if-match": options.ifMatch },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return withMeshEtag(res.body, res.headers);
  }

  /** Deletes a mesh with its clusters and resources. */
  async delete(name: string, options: RequestOptions = {}): Promise<void> {
    checkOptions("meshes.delete", options, requestOptionKeys);
    await this.t.call(operations.deleteMesh, { ...options, params: { mesh: name } });
  }
}

function withMeshEtag(mesh: Mesh, headers: Headers): WithEtag<Mesh> {
  return { ...mesh, etag: etagOf(headers) };
}
