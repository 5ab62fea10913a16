import type { PaymentRequired } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { renderPaywallPage } from "./renderPaywallPage.js";

const paymentRequired: PaymentRequired = {
  x402Version: 2,
  error: "PAYMENT-SIGNATURE header is required",
  resource: { url: "https://news.example/articles/1", description: "<b>Breaking</b> news </script>" },
  accepts: [
    {
      scheme: "exact",
      network: "eip155:8453",
      amount: "10000",
      asset: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
      payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
      maxTimeoutSeconds: 60,
      extra: { name: "USD Coin", version: "2" },
    },
  ],
};

describe("renderPaywallPage", () => {
  it("shows the price, carries the terms and the script, and escapes what the server does not control", () => {
    const html = renderPaywallPage(paymentRequired, { appName: "News & <More>" });
    expect(html).toContain("<title>News &amp; &lt;More&gt;</title>");
    expect(html).toContain("&lt;b&gt;Breaking&lt;/b&gt; news &lt;/script&gt;");
    expect(html).toContain("<td>10000</td>");
    // The terms as JSON, with no `<` that could close the script element early.
    const data = /<script type="application\/json" id="x402-payment-required">(.*?)<\/script>/.exec(
      html,
    )?.[1];
    expect(data).not.toContain("<");
    expect(JSON.parse(data!)).toEqual(paymentRequired);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain("eip6963:requestProvider");
  });

  it("is a few tens of kilobytes", () => {
    expect(renderPaywallPage(paymentRequired).length).toBeLessThan(40 * 1024);
  });
});
