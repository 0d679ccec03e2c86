import type { TrellisClient } from "@trellis/sdk";
import type { ObjectValue } from "../cty/value.ts";
import type { Diagnostic } from "../provider/diagnostics.ts";
import type { Block } from "../schema/model.ts";
import type { AttrPath } from "../schema/spec-codec.ts";

/** What every API call of a resource gets: the configured client and a cancel signal. */
export interface ApiContext {
  client: TrellisClient;
  signal: AbortSignal;
}

export interface PlanRequest {
  prior: ObjectValue | null;
  /** Configuration merged with prior state for computed attributes (Terraform's proposal). */
  proposed: ObjectValue;
  config: ObjectValue;
}

export interface PlanResult {
  planned: ObjectValue;
  requiresReplace?: AttrPath[];
  diagnostics?: Diagnostic[];
}

/** A managed resource type (`trellis_mesh`, …): schema version 0. */
export interface ResourceType {
  name: string;
  schema: Block;
  validate(config: ObjectValue): Diagnostic[];
  plan(request: PlanRequest): PlanResult;
  create(ctx: ApiContext, planned: ObjectValue, config: ObjectValue): Promise<ObjectValue>;
  update(
    ctx: ApiContext,
    prior: ObjectValue,
    planned: ObjectValue,
    config: ObjectValue,
  ): Promise<ObjectValue>;
  /** Warnings only; failures throw. */
  delete(ctx: ApiContext, prior: ObjectValue): Promise<Diagnostic[]>;
  /** The object as it is now, or null when it is gone (Terraform then plans to create it). */
  read(ctx: ApiContext, state: ObjectValue): Promise<ObjectValue | null>;
  /** A state holding just what `terraform import <id>` gives; ReadResource fills the rest. */
  importState(id: string): ObjectValue | Diagnostic;
  /** The attribute an API field error points at (a 422's JSON pointer). */
  pathOfPointer?(pointer: string): AttrPath | undefined;
}

/** A data source type (`data "trellis_mesh"`). */
export interface DataSourceType {
  name: string;
  schema: Block;
  validate(config: ObjectValue): Diagnostic[];
  read(ctx: ApiContext, config: ObjectValue): Promise<ObjectValue>;
}
