/** The documented exit codes of `trellis` (README). Scripts may branch on them. */
export const exitCodes = {
  /** Everything worked (for `check`: every check passed). */
  ok: 0,
  /** The command failed: an API error, a failed check, an invalid document, a timeout. */
  failure: 1,
  /** The command line was wrong: unknown command or flag, missing argument. */
  usage: 2,
  /** The feature needs an API the control plane does not offer yet. */
  notAvailable: 3,
  /** Not logged in, or the credentials were refused or lack the permission. */
  auth: 4,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** An error the CLI reports as such: a message, what to do next, and the exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = exitCodes.failure,
    /** What to do next, printed under the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A wrong command line: exit 2 with the usage of the command. */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message, exitCodes.usage);
    this.name = "UsageError";
  }
}
