import type { ApiToken, CreatedToken, CreateTokenInput } from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";

/** The org's API tokens: create (the secret is returned once), list and revoke. */
export class TokensNamespace extends PaginatedNamespace<ApiToken> {
  /** @internal */
  constructor(t: Transport) {
    super(t, operations.listTokens);
  }

  /** Creates a token; `token` in the answer is the secret, shown this once only. */
  async create(input: CreateTokenInput, options: RequestOptions = {}): Promise<CreatedToken> {
    checkOptions("tokens.create", options, requestOptionKeys);
    return (await this.t.call<CreatedToken>(operations.createToken, { ...options, body: input })).body;
  }

  /** Revokes a token by id (`tok_…`); it stops working at once. */
  async revoke(id: string, options: RequestOptions = {}): Promise<void> {
    checkOptions("tokens.revoke", options, requestOptionKeys);
    await this.t.call(operations.revokeToken, { ...options, params: { id } });
  }
}
