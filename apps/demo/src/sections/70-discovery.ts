import { getPaymentReceipt, listDiscoveryResources } from "@x402kit/client";
import type { Address, Hash } from "viem";
import { DemoError } from "../demo/DemoError.js";
import { defineSection } from "../demo/defineSection.js";

export default defineSection({
  name: "discovery",
  title: "Found, not configured: the facilitator's bazaar lists what it settled (GET /discovery/resources)",
  run: async (demo) => {
    const chain = demo.need("chain");
    const { usdc } = demo.need("tokens");
    const facilitator = demo.need("facilitator");
    const { paidFetch } = demo.need("frontDoor");
    const { items, pagination } = await listDiscoveryResources({
      facilitatorUrl: facilitator.url,
      type: "http",
    });
    demo.print(`  catalogued       ${pagination.total} resource(s)`);
    const search = items.find((item) => item.resource.includes("/search"));
    if (!search) throw new DemoError("the search API was not catalogued", { items });
    const info = (
      search.extensions?.["bazaar"] as { info?: { input?: { queryParams?: Record<string, string> } } }
    )?.info;
    const query = new URLSearchParams(info?.input?.queryParams ?? {});
    const url = `${search.resource}?${query}`;
    demo.print(`  found            ${search.resource}  ${search.accepts[0]?.amount} units (last quote)`);
    const response = await paidFetch(url);
    const receipt = getPaymentReceipt(response);
    if (!response.ok || !receipt?.transaction || receipt.amount === undefined)
      throw new DemoError(`the discovered API answered ${response.status}`);
    demo.recordPayment({
      section: "discovery",
      label: "GET /search (discovered)",
      method: "exact, EIP-3009",
      network: chain.network,
      asset: usdc.address,
      symbol: usdc.symbol,
      from: chain.accounts.buyer.address,
      to: chain.accounts.seller.address as Address,
      amount: BigInt(receipt.amount),
      transaction: receipt.transaction as Hash,
    });
    demo.print(`  called           ${url}  ${response.status}, paid ${receipt.amount} units`);
  },
});
