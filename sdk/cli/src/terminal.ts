/** Where output goes and what the terminal can show. Built once in main.ts. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Colours: only on a TTY, never with NO_COLOR or TERM=dumb. */
  color: boolean;
  /** stderr is a TTY: spinners and prompts are allowed. */
  interactive: boolean;
  /** stdout is a terminal (not a pipe or file): `top` refreshes in place only then. */
  tty: boolean;
  env: NodeJS.ProcessEnv;
  /**
   * Aborts on the first Ctrl-C (SIGINT), for commands that stream until interrupted and
   * then stop cleanly. Only those call it: elsewhere Ctrl-C keeps its default (exit). A
   * second Ctrl-C exits at once.
   */
  interrupted(): AbortSignal;
}

/** The terminal of this process. */
export function processTerminal(): Terminal {
  const env = process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    color: Boolean(process.stdout.isTTY) && !noColor && env.TERM !== "dumb",
    interactive: Boolean(process.stderr.isTTY) && Boolean(process.stdin.isTTY),
    tty: Boolean(process.stdout.isTTY),
    env,
    interrupted: () => {
      if (!interrupt) {
        const controller = new AbortController();
        interrupt = controller.signal;
        process.once("SIGINT", () => controller.abort(new Error("interrupted")));
      }
      return interrupt;
    },
  };
}

let interrupt: AbortSignal | undefined;

const codes = { red: 31, green: 32, yellow: 33, blue: 34, gray: 90, bold: 1 } as const;

/** Paints `text` when the terminal takes colours; returns it unchanged otherwise. */
export function paint(term: Pick<Terminal, "color">, colour: keyof typeof codes, text: string): string {
  return term.color ? `\u001b[${codes[colour]}m${text}\u001b[0m` : text;
}

/** A running spinner: change its label, then stop it. */
export interface Spinner {
  update(label: string): void;
  stop(): void;
}

/** A spinner on stderr, on an interactive terminal only (a no-op elsewhere, e.g. in CI logs). */
export function startSpinner(term: Terminal, label: string): Spinner {
  if (!term.interactive) return { update() {}, stop() {} };
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let i = 0;
  let text = label;
  const timer = setInterval(
    () => process.stderr.write(`\r${frames[i++ % frames.length]} ${text}\u001b[K`),
    100,
  );
  return {
    update: (t) => {
      text = t;
    },
    stop: () => {
      clearInterval(timer);
      process.stderr.write("\r\u001b[K");
    },
  };
}
