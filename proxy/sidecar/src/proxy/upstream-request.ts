import type { OutgoingHttpHeaders } from "node:http";

/**
 * The request as it goes upstream, after filters: method, path (with query),
 * authority and end-to-end headers. Built once per exchange and reused by every
 * attempt (forwarders never mutate it).
 */
export type UpstreamRequest = {
  method: string;
  path: string;
  authority: string;
  headers: OutgoingHttpHeaders;
};
