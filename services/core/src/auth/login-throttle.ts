import { schema } from "@trellis/db";
import { and, count, eq, gt, inArray, lt, min } from "drizzle-orm";
import type { Context } from "../context.ts";
import { rateLimited } from "../errors.ts";

// Failed logins are counted in PostgreSQL (so every replica agrees) under three subjects,
// each with its own budget per window (OWASP's account-and-client throttling):
//  - one account from one client: a guesser is stopped after a few tries, and only it;
//  - one account from anywhere: a guesser spread over many addresses is stopped too;
//  - one client address against any accounts: a ceiling for password spraying, set high
//    because an office or a carrier NAT puts many honest users behind one address.
// A user with the right password is refused only when their own account or address is.
export const failureWindowMs = 15 * 60_000;
export const loginBudgets = { pair: 5, account: 50, address: 500 } as const;

type Kind = keyof typeof loginBudgets;

/** The subjects a login attempt counts against; without a client address only the account. */
export function throttleSubjects(email: string, address: string | null): { kind: Kind; subject: string }[] {
  const subjects: { kind: Kind; subject: string }[] = [{ kind: "account", subject: `acct:${email}` }];
  if (address) {
    subjects.push({ kind: "pair", subject: `pair:${address}|${email}` });
    subjects.push({ kind: "address", subject: `ip:${address}` });
  }
  return subjects;
}

const refusals: Record<Kind, string> = {
  pair: "too many failed logins for this account from your address",
  account: "too many failed logins for this account",
  address: "too many failed logins from your address",
};

/** Refuses (429 with Retry-After) when any subject spent its budget within the window. */
export async function assertNotThrottled(
  ctx: Context,
  subjects: { kind: Kind; subject: string }[],
): Promise<void> {
  const nowMs = ctx.clock.now().getTime();
  const a = schema.loginAttempts;
  const rows = await ctx.db
    .select({ subject: a.subject, n: count(), oldest: min(a.createdAt) })
    .from(a)
    .where(
      and(
        inArray(
          a.subject,
          subjects.map((s) => s.subject),
        ),
        gt(a.createdAt, new Date(nowMs - failureWindowMs)),
      ),
    )
    .groupBy(a.subject);
  for (const { kind, subject } of subjects) {
    const row = rows.find((r) => r.subject === subject);
    if (!row || row.n < loginBudgets[kind]) continue;
    // The budget frees up when the oldest counted failure leaves the window.
    const oldestMs = row.oldest ? new Date(row.oldest).getTime() : nowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldestMs + failureWindowMs - nowMs) / 1000));
    throw rateLimited(
      `${refusals[kind]}; try again in ${Math.ceil(retryAfterSeconds / 60)} min or reset your password`,
      retryAfterSeconds,
    );
  }
}

export async function recordFailedLogin(ctx: Context, subjects: { subject: string }[]): Promise<void> {
  const now = ctx.clock.now();
  const a = schema.loginAttempts;
  await ctx.db.insert(a).values(subjects.map(({ subject }) => ({ subject, createdAt: now })));
  // Forget attempts older than the window so the table stays small.
  await ctx.db.delete(a).where(lt(a.createdAt, new Date(now.getTime() - failureWindowMs)));
}

/** A success forgets this client's failures on the account, not the account's or the address's. */
export async function clearFailedLogins(
  ctx: Context,
  subjects: { kind: Kind; subject: string }[],
): Promise<void> {
  const pair = subjects.find((s) => s.kind === "pair");
  if (pair) await ctx.db.delete(schema.loginAttempts).where(eq(schema.loginAttempts.subject, pair.subject));
}
