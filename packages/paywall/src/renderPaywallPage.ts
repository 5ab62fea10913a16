import type { PaymentRequired } from "@x402kit/types";
import { paywallScript } from "./generated/paywallScript.js";

export type RenderPaywallPageOptions = {
  /** The page's title. Default "Payment required". */
  appName?: string | undefined;
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const styles =
  "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#111}" +
  "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;font-size:.9rem}" +
  "code{font-size:.8rem;word-break:break-all}button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0;cursor:pointer}" +
  "#x402-status[data-kind=error]{color:#b00}pre{background:#f6f6f6;padding:1rem;overflow:auto}";

/**
 * The paywall page for a browser that asks a priced route for HTML (transports-v2/http.md lets a 402 carry any
 * body beside `PAYMENT-REQUIRED`). It shows the price and how to pay without a wallet, and carries a small script
 * (about 16 kB, no framework) that finds an injected wallet (EIP-6963, else `window.ethereum`), has it sign an
 * EIP-3009 authorization for the first exact EVM requirement, retries the request with `PAYMENT-SIGNATURE`, and
 * puts the paid content in place of the page. A refused signature shows an error and pays nothing.
 */
export function renderPaywallPage(
  paymentRequired: PaymentRequired,
  options: RenderPaywallPageOptions = {},
): string {
  const title = escapeHtml(options.appName ?? "Payment required");
  const description = escapeHtml(paymentRequired.resource.description ?? paymentRequired.resource.url);
  const rows = paymentRequired.accepts
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.scheme)}</td><td>${escapeHtml(r.network)}</td><td>${escapeHtml(r.amount)}</td><td><code>${escapeHtml(r.asset)}</code></td><td><code>${escapeHtml(r.payTo)}</code></td></tr>`,
    )
    .join("");
  // JSON inside a script element: `<` escaped, so that no `</script>` can end it early.
  const data = JSON.stringify(paymentRequired).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${styles}</style></head><body><main id="x402-paywall"><h1>${title}</h1><p>${description}</p><div id="x402-wallets"></div><p id="x402-status" role="status">Looking for a wallet…</p><h2>Price</h2><table><thead><tr><th>Scheme</th><th>Network</th><th>Amount (atomic units)</th><th>Asset</th><th>Pay to</th></tr></thead><tbody>${rows}</tbody></table><p>Without a browser wallet, pay with an <a href="https://x402.org">x402</a> client: the terms are in this response's <code>PAYMENT-REQUIRED</code> header.</p></main><script type="application/json" id="x402-payment-required">${data}</script><script>${paywallScript}</script></body></html>`;
}
