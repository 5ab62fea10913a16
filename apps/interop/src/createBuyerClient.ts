import { type CreateX402ClientParameters, createX402Client, type X402Client } from "@x402kit/client";
import { exactEvmClient } from "@x402kit/evm";
import type { LocalAccount } from "viem";

export type CreateBuyerClientParameters = {
  account: LocalAccount;
  /** The signer's clock in Unix seconds (default: the wall clock). */
  now?: (() => number) | undefined;
  /** Spending limits, in atomic units. */
  spending?: CreateX402ClientParameters["spending"];
};

/** x402kit's client paying with the exact EVM scheme (EIP-3009) from `account`, on any EVM network. */
export function createBuyerClient(parameters: CreateBuyerClientParameters): X402Client {
  return createX402Client({
    schemes: [exactEvmClient({ account: parameters.account, now: parameters.now })],
    spending: parameters.spending,
  });
}
