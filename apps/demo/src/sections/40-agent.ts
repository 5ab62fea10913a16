import { createX402Client, getPaymentReceipt, type PaymentEvent, wrapFetch } from "@x402kit/client";
import { exactEvmClient } from "@x402kit/evm";
import { uptoEvmClient } from "@x402kit/upto-evm";
import { type Address, erc20Abi, type Hash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DemoError } from "../demo/DemoError.js";
import { defineSection } from "../demo/defineSection.js";
import { describePaymentMethod } from "../demo/describePaymentMethod.js";
import { formatAmount } from "../demo/formatAmount.js";
import { formatTable } from "../demo/formatTable.js";
import { llm, reportPrice } from "./30-paid-api.js";

const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

type Call = {
  route: string;
  price: string;
  token: "usdc" | "pusd";
  init?: RequestInit;
  /** The amount that must settle (exact); undefined for upto (the handler says) and for free routes. */
  expected?: bigint;
};

const calls: Call[] = [
  { route: "GET /weather", price: "$0.001", token: "usdc", expected: 1_000n },
  { route: "GET /news", price: "$0.01", token: "usdc", expected: 10_000n },
  {
    route: "POST /summarize",
    price: "$0.05",
    token: "usdc",
    expected: 50_000n,
    init: post({ text: "x402 lets an agent pay for exactly the request it makes, with no account" }),
  },
  {
    route: "POST /llm",
    price: `upto ${llm.maximum}`,
    token: "usdc",
    init: post({ prompt: "What status code means payment required?" }),
  },
  {
    route: "POST /llm",
    price: `upto ${llm.maximum}`,
    token: "usdc",
    init: post({ prompt: "Explain in one sentence how an agent pays per request for an API with x402" }),
  },
  { route: "GET /report", price: "0.02 PUSD", token: "pusd", expected: reportPrice },
  { route: "GET /weather", price: "$0.001", token: "usdc", expected: 1_000n },
  { route: "GET /", price: "free", token: "usdc" },
];

export default defineSection({
  name: "agent",
  title: "An agent pays for its requests (wrapFetch, a budget of 1 USDC, at most 0.1 USDC a request)",
  run: async (demo) => {
    const chain = demo.need("chain");
    const tokens = demo.need("tokens");
    const api = demo.need("api");
    const { buyer, seller } = chain.accounts;
    // The buyer never approved Permit2: the Permit2 routes below are paid with signed EIP-2612 permits.
    for (const token of Object.values(tokens)) {
      const allowance = await chain.publicClient.readContract({
        address: token.address,
        abi: erc20Abi,
        functionName: "allowance",
        args: [buyer.address, chain.permit2.address],
      });
      if (allowance !== 0n) throw new DemoError(`the buyer already approved Permit2 on ${token.symbol}`);
    }
    // With a publicClient, the clients read the buyer's Permit2 allowance and sign an EIP-2612 permit when it is
    // too small and the route offers gas sponsoring.
    const account = privateKeyToAccount(buyer.privateKey);
    // The client reports each payment it made: the method is read from the payload it sent.
    const events: PaymentEvent[] = [];
    const client = createX402Client({
      schemes: [
        exactEvmClient({ account, publicClient: chain.publicClient }),
        uptoEvmClient({ account, publicClient: chain.publicClient }),
      ],
      spending: { maxPerRequest: 100_000n, budget: 1_000_000n },
      onPayment: (event) => {
        events.push(event);
      },
    });
    const paidFetch = wrapFetch(fetch, client);

    const rows: string[][] = [];
    const answers: string[] = [];
    for (const call of calls) {
      const path = call.route.split(" ")[1]!;
      const token = tokens[call.token];
      events.length = 0;
      const t0 = performance.now();
      const response = await paidFetch(`${api.url}${path}`, call.init);
      const body = await response.text();
      const ms = Math.round(performance.now() - t0);
      if (!response.ok) throw new DemoError(`${call.route} answered ${response.status}`, { body });
      const receipt = getPaymentReceipt(response);
      const charged = receipt?.amount === undefined ? undefined : BigInt(receipt.amount);
      // exact: the receipt's amount is the price; upto: what the handler reported, below the maximum.
      const wanted =
        path === "/llm" ? BigInt((JSON.parse(body) as { charged: string }).charged) : call.expected;
      if (charged !== wanted)
        throw new DemoError(
          `${call.route} settled ${receipt?.amount ?? "nothing"}, expected ${wanted ?? "nothing"}`,
        );
      if (path === "/llm" && !(charged! > 0n && charged! < llm.maximumAtomic))
        throw new DemoError(`${call.route} settled ${charged}, not below its maximum ${llm.maximumAtomic}`);
      let method = "-";
      let gas = "-";
      const transaction = receipt?.transaction as Hash | undefined;
      if (charged !== undefined && transaction) {
        const event = events.at(-1);
        if (!event) throw new DemoError(`${call.route} settled, but the client reported no payment`);
        method = describePaymentMethod(event.payment.paymentPayload);
        const onChain = await chain.publicClient.getTransactionReceipt({ hash: transaction });
        if (onChain.status !== "success") throw new DemoError(`${call.route}: ${transaction} reverted`);
        gas = onChain.gasUsed.toLocaleString("en-US");
        demo.recordPayment({
          section: "agent",
          label: call.route,
          method,
          network: chain.network,
          asset: token.address,
          symbol: token.symbol,
          from: buyer.address,
          to: event.payment.requirements.payTo as Address,
          amount: charged,
          transaction,
        });
      }
      rows.push([
        call.route,
        method,
        call.price,
        String(response.status),
        charged === undefined ? "-" : formatAmount(charged, token.decimals, token.symbol),
        gas,
        `${ms} ms`,
        transaction ?? "-",
      ]);
      answers.push(`${call.route.padEnd(16)} ${body.length > 90 ? `${body.slice(0, 89)}…` : body}`);
    }
    // Without a paying client, a paid route answers 402 with its PAYMENT-REQUIRED header.
    const unpaid = await fetch(`${api.url}/news`);
    await unpaid.body?.cancel();
    if (unpaid.status !== 402 || !unpaid.headers.get("payment-required"))
      throw new DemoError(`GET /news without payment answered ${unpaid.status} without PAYMENT-REQUIRED`);
    rows.push([
      "GET /news (plain fetch)",
      "-",
      "$0.01",
      "402",
      "-",
      "-",
      "-",
      "- (PAYMENT-REQUIRED header sent)",
    ]);

    for (const line of formatTable(
      ["request", "method", "price", "status", "settled", "gas", "time", "transaction"],
      rows,
    ))
      demo.print(line);
    demo.print();
    demo.print(`answers (the seller ${seller.address} got paid before each was sent):`);
    for (const line of answers) demo.print(`  ${line}`);
  },
});
