import { getPaymentReceipt } from "@x402kit/client";
import { createSignInWithXHeader } from "@x402kit/core";
import { evmSignInSigner } from "@x402kit/evm";
import { decodePaymentRequiredHeader } from "@x402kit/types";
import type { Address, Hash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DemoError } from "../demo/DemoError.js";
import { defineSection } from "../demo/defineSection.js";

export default defineSection({
  name: "sign-in-with-x",
  title: "Come back without paying again: sign-in-with-x (CAIP-122) after one payment",
  run: async (demo) => {
    const chain = demo.need("chain");
    const { usdc } = demo.need("tokens");
    const { url, paidFetch } = demo.need("frontDoor");
    const buyer = chain.accounts.buyer;
    const article = `${url}/article`;
    const first = await paidFetch(article);
    const receipt = getPaymentReceipt(first);
    if (!first.ok || !receipt?.transaction) throw new DemoError(`GET /article answered ${first.status}`);
    await first.arrayBuffer();
    demo.recordPayment({
      section: "sign-in-with-x",
      label: "GET /article",
      method: "exact, EIP-3009",
      network: chain.network,
      asset: usdc.address,
      symbol: usdc.symbol,
      from: buyer.address,
      to: chain.accounts.seller.address as Address,
      amount: 10_000n,
      transaction: receipt.transaction as Hash,
    });
    demo.print(`  paid once        GET /article  $0.01  ${receipt.transaction.slice(0, 18)}…`);
    const before = await chain.balanceOf(usdc.address, buyer.address);
    // Later: the 402 offers a challenge; the buyer signs it (EIP-4361) instead of paying.
    const unpaid = await fetch(article);
    const required = decodePaymentRequiredHeader(unpaid.headers.get("payment-required")!);
    const signed = await createSignInWithXHeader({
      extension: required.extensions?.["sign-in-with-x"],
      requestUrl: article,
      signers: [evmSignInSigner({ account: privateKeyToAccount(buyer.privateKey) })],
    });
    if (!signed.ok) throw new DemoError(`sign-in: ${signed.message}`);
    const again = await fetch(article, { headers: { "SIGN-IN-WITH-X": signed.header } });
    const body = await again.text();
    if (again.status !== 200 || again.headers.get("payment-response"))
      throw new DemoError(`the signed-in request answered ${again.status}`, { body });
    if ((await chain.balanceOf(usdc.address, buyer.address)) !== before)
      throw new DemoError("the signed-in request moved money");
    const replay = await fetch(article, { headers: { "SIGN-IN-WITH-X": signed.header } });
    demo.print(
      `  signed in        GET /article  200, no payment, balance unchanged (${signed.address.slice(0, 10)}…)`,
    );
    demo.print(`  same proof again ${replay.status} ${(await replay.json()).error}`);
  },
});
