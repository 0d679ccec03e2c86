const hourMs = 3_600_000;

/** The start of the hour containing `at` (UTC): the unit proxy-hours are counted in. */
export const hourStart = (at: Date): Date => new Date(Math.floor(at.getTime() / hourMs) * hourMs);

/** The start of the hour after the one containing `at`. */
export const nextHour = (at: Date): Date => new Date(hourStart(at).getTime() + hourMs);

/** The calendar month (UTC) containing `at`: the usage period of an org without a subscription. */
export function monthOf(at: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end };
}
