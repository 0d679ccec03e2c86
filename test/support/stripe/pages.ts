import type { checkoutSession, portalSession } from "./objects.ts";

// The hosted pages a browser is sent to: Checkout (a Pay button) and the Customer Portal
// (pay the open invoice, cancel, return). Plain HTML, enough for a browser test to click.

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:16px system-ui;margin:3rem auto;max-width:32rem;color:#1a1f36}
button{background:#635bff;color:#fff;border:0;border-radius:6px;padding:.7rem 1.4rem;font-size:1rem}
.box{border:1px solid #e3e8ee;border-radius:8px;padding:1.5rem;margin:1rem 0}</style></head>
<body><p><strong>Stripe test stand-in</strong></p>${body}</body></html>`;

export function checkoutPage(session: ReturnType<typeof checkoutSession>): string {
  const prices = session.__lineItems.map((i) => `<li><code>${esc(i.price)}</code> (metered)</li>`).join("");
  return page(
    "Checkout",
    `<h1>Subscribe</h1><div class="box"><ul>${prices}</ul>
<form method="post" action="/c/pay/${esc(session.id)}"><button type="submit">Pay and subscribe</button></form>
<p><a href="${esc(session.cancel_url)}">Back</a></p></div>`,
  );
}

export function portalPage(session: ReturnType<typeof portalSession>, hasOpenInvoice: boolean): string {
  const pay = hasOpenInvoice
    ? `<form method="post" action="/p/session/${esc(session.id)}/pay"><button type="submit">Pay open invoice</button></form>`
    : "<p>No open invoice.</p>";
  return page(
    "Billing portal",
    `<h1>Manage your subscription</h1><div class="box"><p>Customer <code>${esc(session.customer)}</code></p>${pay}
<form method="post" action="/p/session/${esc(session.id)}/cancel"><button type="submit">Cancel plan</button></form>
<p><a href="${esc(session.return_url ?? "/")}">Return to Trellis</a></p></div>`,
  );
}
