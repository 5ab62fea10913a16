import { exactEvmFacilitator } from "@x402kit/evm";
import { createFacilitator, type Facilitator } from "@x402kit/facilitator";
import type { TestChain } from "@x402kit/testchain";
import { privateKeyToAccount } from "viem/accounts";

/** x402kit's facilitator for the test chain: the exact EVM scheme, the chain's facilitator account as signer. */
export function chainFacilitator(chain: TestChain): Facilitator {
  return createFacilitator({
    schemes: [
      exactEvmFacilitator({
        networks: {
          [chain.network]: {
            rpcUrl: chain.rpcUrl,
            signer: privateKeyToAccount(chain.accounts.facilitator.privateKey),
          },
        },
      }),
    ],
  });
}
