import { schema } from "@trellis/db";
import { and, count, eq, gt, inArray, lt } from "drizzle-orm";
import type { Context } from "../context.ts";
import { rateLimited } from "../errors.ts";

// After this many failures within the window, further attempts for that email (or from
// that address) are refused until the window passes. Kept in PostgreSQL so all replicas agree.
export const maxFailedLogins = 5;
export const failureWindowMs = 15 * 60_000;

export function throttleSubjects(email: string, address: string | null): string[] {
  return address ? [email, `ip:${address}`] : [email];
}

export async function assertNotThrottled(ctx: Context, subjects: string[]): Promise<void> {
  const since = new Date(ctx.clock.now().getTime() - failureWindowMs);
  const rows = await ctx.db
    .select({ subject: schema.loginAttempts.subject, n: count() })
    .from(schema.loginAttempts)
    .where(and(inArray(schema.loginAttempts.subject, subjects), gt(schema.loginAttempts.createdAt, since)))
    .groupBy(schema.loginAttempts.subject);
  // The per-address budget is larger: many people can share one NAT address.
  const over = rows.some(
    (r) => r.n >= (r.subject.startsWith("ip:") ? maxFailedLogins * 10 : maxFailedLogins),
  );
  if (over) {
    throw rateLimited(
      "too many failed logins; wait 15 minutes or reset your password",
      failureWindowMs / 1000,
    );
  }
}

export async function recordFailedLogin(ctx: Context, subjects: string[]): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.insert(schema.loginAttempts).values(subjects.map((subject) => ({ subject, createdAt: now })));
  // Forget attempts older than the window so the table stays small.
  await ctx.db
    .delete(schema.loginAttempts)
    .where(lt(schema.loginAttempts.createdAt, new Date(now.getTime() - failureWindowMs)));
}

export async function clearFailedLogins(ctx: Context, email: string): Promise<void> {
  await ctx.db.delete(schema.loginAttempts).where(eq(schema.loginAttempts.subject, email));
}
