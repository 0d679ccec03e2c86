import type { Billing, PlanLimits } from "@trellis/sdk";
import { connectOptions, outputFormat, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { UsageError } from "../exit-codes.ts";
import { json, table } from "../output.ts";

const usage = `Usage: trellis billing [show|upgrade|portal] [flags]

  trellis billing [show]   the org's plan, standing, limits against use, proxy-hours this period
  trellis billing upgrade  prints a Stripe Checkout URL for the Team plan: open it in a browser
  trellis billing portal   prints a Stripe Customer Portal URL (card, invoices, cancel)

  Owner only. -o table (default) or json.
${connectHelp}`;

const limit = (n: number | null) => (n === null ? "unlimited" : String(n));

function describe(b: Billing): string {
  const use = (what: keyof PlanLimits) => `${b.usage[what]} of ${limit(b.limits[what])}`;
  const lines = [
    `plan:        ${b.plan.name}${b.subscribedPlan !== b.plan.id ? ` (subscribed: ${b.subscribedPlan})` : ""}`,
    `status:      ${b.status}`,
    `period:      ${b.usage.periodStart.slice(0, 10)} → ${b.usage.periodEnd.slice(0, 10)}, ${b.usage.proxyHours} proxy-hours so far`,
  ];
  if (b.paymentFailed) lines.push(`grace ends:  ${b.paymentFailed.graceEndsAt}`);
  return `${lines.join("\n")}\n\n${table(
    ["LIMIT", "IN USE"],
    [
      ["meshes", use("meshes")],
      ["proxies", use("proxies")],
    ],
  )}\n${b.detail}`;
}

/** `trellis billing`: what the org pays for and uses, and the Stripe pages to change it. */
export const billing: Command = {
  name: "billing",
  summary: "Show the plan, limits and usage; print the Checkout or Customer Portal URL",
  usage,
  async run(argv, term) {
    const verb = argv[0] && !argv[0].startsWith("-") ? argv[0] : "show";
    const rest = verb === argv[0] ? argv.slice(1) : argv;
    const { values } = parseCommand(rest, connectOptions, usage, { min: 0, max: 0 });
    if (values.help) return help(term, usage);
    if (!["show", "upgrade", "portal"].includes(verb))
      throw new UsageError(`unknown subcommand "${verb}"`, usage);
    const format = outputFormat(values.output, ["table", "json"] as const, usage);
    const { client } = await connect(values, term.env);
    if (verb === "show") {
      const b = await client.billing.get();
      term.out(format === "json" ? json(b) : describe(b));
      return 0;
    }
    const { url } = verb === "upgrade" ? await client.billing.checkout() : await client.billing.portal();
    if (format === "json") term.out(json({ url }));
    else {
      term.err(
        verb === "upgrade"
          ? "Open this Stripe Checkout page to subscribe to Team:"
          : "Open your Stripe Customer Portal:",
      );
      term.out(url);
    }
    return 0;
  },
};
