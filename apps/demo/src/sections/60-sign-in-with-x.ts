import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { evmSignInSigner, exactEvmClient } from "@x402kit/evm";
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
    const { url } = demo.need("frontDoor");
    const buyer = chain.accounts.buyer;
    const account = privateKeyToAccount(buyer.privateKey);
    const article = `${url}/article`;
    // The client opts in to sign-in-with-x: on a 402 that offers it, it signs in first and pays only if the server
    // still asks for payment. `sent` keeps the last proof it sent, to show a replay below.
    let sent: string | undefined;
    const recording: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      sent = request.headers.get("sign-in-with-x") ?? sent;
      return fetch(request);
    };
    const signingFetch = wrapFetch(
      recording,
      createX402Client({ schemes: [exactEvmClient({ account })], signIn: [evmSignInSigner({ account })] }),
    );
    const first = await signingFetch(article);
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
    demo.print(`  signed in, not entitled: paid once  GET /article  $0.01  ${receipt.transaction}`);
    const before = await chain.balanceOf(usdc.address, buyer.address);
    // Later: the same client signs the 402's challenge (EIP-4361) and the server grants it; nothing is paid.
    const again = await signingFetch(article);
    const body = await again.text();
    if (again.status !== 200 || again.headers.get("payment-response"))
      throw new DemoError(`the signed-in request answered ${again.status}`, { body });
    if ((await chain.balanceOf(usdc.address, buyer.address)) !== before)
      throw new DemoError("the signed-in request moved money");
    if (!sent) throw new DemoError("the client sent no sign-in proof");
    demo.print(
      `  signed in, entitled      GET /article  200, no payment, balance unchanged (${buyer.address})`,
    );
    const replay = await fetch(article, { headers: { "SIGN-IN-WITH-X": sent } });
    demo.print(`  same proof again         ${replay.status} ${(await replay.json()).error}`);
  },
});
