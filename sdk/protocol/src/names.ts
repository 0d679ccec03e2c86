import { z } from "zod";

/** A DNS label, as Kubernetes names objects: lower case, digits and dashes. */
export const dnsLabelSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "must be lower-case letters, digits and '-', starting and ending with a letter or digit",
  );

/** A resource name: a DNS subdomain (labels joined by dots), max 253 characters. */
export const resourceNameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "must be lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
  );

export const portSchema = z.number().int().min(1).max(65535);
