import type { Address, KeyPairSigner } from "@solana/kit";
import type { PaymentPayload } from "@x402kit/types";
import type { ServerContext } from "../types.js";
import type { SvmServerApi } from "./createSvmServerApi.js";
import type { HttpResult } from "./httpRequest.js";
import { expectRefused } from "./serverChecks.js";
import { svmBalanceChanges } from "./svmChecks.js";

/** The Solana part of a server run; a Solana server case run without it is skipped. */
export function svmServerOf(context: ServerContext): SvmServerApi {
  if (!context.solana) return context.skip("not a --family solana run: the suite started no Solana chain");
  return context.solana;
}

/** A fresh buyer (1 mock USDC, no SOL) and a valid Solana payment for `path`, from the route's own 402. */
export async function svmPaymentFor(context: ServerContext, path: string = context.server.routes.paid) {
  const solana = svmServerOf(context);
  const buyer = await solana.chain.newBuyer();
  const { payload, requirements } = await solana.signFor(path, buyer);
  return { solana, buyer, payload, requirements };
}

/** The mock USDC expectations of "exactly `amount` moved from the buyer to PAY_TO" (0n: nothing moved). */
export function svmPaid(
  solana: SvmServerApi,
  buyer: KeyPairSigner,
  amount: string | bigint,
): { owner: Address; delta: bigint; label: string }[] {
  return [
    { owner: buyer.address, delta: -BigInt(amount), label: "buyer" },
    { owner: solana.payTo, delta: BigInt(amount), label: "payTo" },
  ];
}

/** Sends a Solana payment and checks that it was refused and moved no mock USDC (`also`: other owners). */
export async function expectSvmPaymentRefused(
  context: ServerContext,
  buyer: KeyPairSigner,
  path: string,
  payload: PaymentPayload,
  what: string,
  also: { owner: Address; label: string }[] = [],
): Promise<HttpResult> {
  const solana = svmServerOf(context);
  return svmBalanceChanges(
    context,
    solana.chain,
    [...svmPaid(solana, buyer, 0n), ...also.map((o) => ({ ...o, delta: 0n }))],
    async () => {
      const result = await context.server.pay(path, payload);
      expectRefused(context, result, what);
      return result;
    },
  );
}
