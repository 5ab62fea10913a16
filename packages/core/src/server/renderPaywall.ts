import type { PaymentRequired } from "@x402kit/types";

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/**
 * A small HTML page for browsers that reach a paid route. The 402 still carries `PAYMENT-REQUIRED`
 * (transports-v2/http.md), so a wallet extension or an agent can pay from it.
 */
export function renderPaywall(
  paymentRequired: PaymentRequired,
  options: { appName?: string | undefined } = {},
): string {
  const rows = paymentRequired.accepts
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.scheme)}</td><td>${escapeHtml(r.network)}</td><td>${escapeHtml(r.amount)}</td><td><code>${escapeHtml(r.asset)}</code></td><td><code>${escapeHtml(r.payTo)}</code></td></tr>`,
    )
    .join("");
  const title = escapeHtml(options.appName ?? "Payment required");
  const description = escapeHtml(paymentRequired.resource.description ?? paymentRequired.resource.url);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#111}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;font-size:.9rem}code{font-size:.8rem;word-break:break-all}</style></head><body><h1>${title}</h1><p>${description}</p><p>This resource costs a payment under the <a href="https://x402.org">x402</a> protocol. Pay with an x402 client or wallet; the payment details are in the <code>PAYMENT-REQUIRED</code> header.</p><table><thead><tr><th>Scheme</th><th>Network</th><th>Amount (atomic)</th><th>Asset</th><th>Pay to</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
