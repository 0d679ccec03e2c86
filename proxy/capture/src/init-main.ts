// trellis-proxy-init: installs the pod's capture rules, prints them, exits.
// Exit codes: 0 installed (or already there), 1 iptables failed, 2 bad flags.
import { applyCaptureRules } from "./apply-rules.ts";
import { CaptureOptionsError, parseCaptureArgs } from "./capture-options.ts";

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseCaptureArgs>;
  try {
    options = parseCaptureArgs(argv);
  } catch (err) {
    if (!(err instanceof CaptureOptionsError)) throw err;
    process.stderr.write(`trellis-proxy-init: ${err.message}\n`);
    return 2;
  }
  try {
    const result = await applyCaptureRules(options);
    process.stdout.write(result.rules);
    process.stdout.write(
      result.applied
        ? "trellis-proxy-init: capture rules installed\n"
        : `trellis-proxy-init: ${result.reason}\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`trellis-proxy-init: ${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
