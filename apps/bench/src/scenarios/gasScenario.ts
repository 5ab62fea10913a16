import { x402BatchSettlerAbi, x402BatchSettlerBytecode } from "@x402kit/contracts";
import { exactEvmClient, exactEvmFacilitator } from "@x402kit/evm";
import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from "viem/accounts";
import type { GasFigure } from "../report/benchResultsSchema.js";
import { benchRequirements } from "./benchRequirements.js";
import type { ScenarioContext } from "./types.js";

/**
 * Scenario 6 (issue 5, batch settlement): the gas per payment of `batchSize` EIP-3009 payments from as many
 * different payers to one payee, settled by x402kit's facilitator one transaction each, then in one
 * X402BatchSettler transaction. Both runs use fresh payers and authorizations, so neither finds a warm slot the other
 * left. Every settlement must succeed and the payee must receive exactly what was paid.
 */
export async function gasScenario(context: ScenarioContext): Promise<GasFigure> {
  const { chain, benchChain, plan } = context;
  const batchSize = plan.gas.batchSize;
  const amount = 1_000n;
  const settler = await chain.deploy({ abi: x402BatchSettlerAbi, bytecode: x402BatchSettlerBytecode });
  const network = { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account };

  const settleAll = async (batch: boolean) => {
    const payTo = privateKeyToAddress(generatePrivateKey());
    const { requirements } = benchRequirements({ chain: benchChain, payTo, amount });
    const payers = Array.from({ length: batchSize }, () => privateKeyToAccount(generatePrivateKey()));
    for (const payer of payers) await chain.mint(payer.address, amount);
    const payloads = await Promise.all(
      payers.map(async (payer): Promise<PaymentPayload> => {
        const client = exactEvmClient({ account: payer });
        const { payload } = await client.createPaymentPayload({
          requirements: requirements as PaymentRequirements,
        });
        return { x402Version: 2, accepted: requirements as PaymentRequirements, payload };
      }),
    );
    const facilitator = exactEvmFacilitator({
      networks: {
        [chain.network]: batch
          ? { ...network, batchSettlement: { settler, maxSize: batchSize, maxWaitMs: 60_000 } }
          : network,
      },
      pollingIntervalMs: 50,
    });
    const responses = await Promise.all(
      payloads.map((payload) =>
        facilitator.settle(
          { payload, requirements: requirements as PaymentRequirements },
          { onBroadcast: async () => {} },
        ),
      ),
    );
    const failed = responses.filter((response) => !response.success);
    if (failed.length > 0)
      throw new Error(
        `${failed.length} settlements failed: ${failed[0]?.errorReason} ${failed[0]?.errorMessage}`,
      );
    const received = await chain.balanceOf(chain.usdc.address, payTo);
    if (received !== amount * BigInt(batchSize))
      throw new Error(`the payee received ${received}, expected ${amount * BigInt(batchSize)}`);
    const hashes = [...new Set(responses.map((response) => response.transaction as Hex))];
    const receipts = await Promise.all(
      hashes.map((hash) => chain.publicClient.getTransactionReceipt({ hash })),
    );
    const gas = receipts.reduce((sum, receipt) => sum + receipt.gasUsed, 0n);
    return { transactions: hashes.length, gasPerPayment: Number(gas / BigInt(batchSize)) };
  };

  const single = await settleAll(false);
  const batched = await settleAll(true);
  if (batched.transactions !== 1) throw new Error(`the batch took ${batched.transactions} transactions`);
  return {
    batchSize,
    singleGasPerPayment: single.gasPerPayment,
    batchedGasPerPayment: batched.gasPerPayment,
    savingPercent: Math.round((1 - batched.gasPerPayment / single.gasPerPayment) * 1000) / 10,
  };
}
