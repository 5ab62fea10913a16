import type { Address as SolanaAddress } from "@solana/kit";
import type { Address, Hash } from "viem";
import type { SuiteSolana } from "../suite/startSuiteSolana.js";
import type { SuiteChain } from "../suite/suiteChain.js";

/** What the facilitator's account did during one case that fails it; empty when nothing did. */
export type AccountFindings = string[];

/** Started before a case; `finish` reads what the facilitator's account did during it. */
export type AccountWatch = { finish: (options: { refused: boolean }) => Promise<AccountFindings> };

export type WatchFacilitatorAccountParameters = {
  /** The EVM chain and the account the facilitator under test sends from (FACILITATOR_PRIVATE_KEY's). */
  evm?: { chain: SuiteChain; account: Address };
  /** With `--family solana`: the chain and the fee payer the suite gave the facilitator. */
  solana?: SuiteSolana;
};

/**
 * The transaction check after every facilitator case (README: "Transactions"). On EVM, every transaction the
 * facilitator's account sent in the blocks mined during the case must have succeeded, and a case whose payments are
 * all refused must see none (gas spent on a refused payment). It waits for the block: a transaction still pending
 * (the account's pending nonce ahead of its mined one) is mined before the blocks are read. On Solana, a refused case
 * must leave the fee payer's lamports as they were (fees paid for a refused payment).
 */
export async function watchFacilitatorAccount({
  evm,
  solana,
}: WatchFacilitatorAccountParameters): Promise<AccountWatch> {
  const [fromBlock, lamportsBefore] = await Promise.all([
    evm?.chain.publicClient.getBlockNumber({ cacheTime: 0 }),
    solana?.lamports(solana.feePayer as SolanaAddress),
  ]);
  return {
    finish: async ({ refused }) => {
      const findings: string[] = [];
      if (evm && fromBlock !== undefined) findings.push(...(await evmFindings(evm, fromBlock, refused)));
      if (solana && lamportsBefore !== undefined) {
        const spent = lamportsBefore - (await solana.lamports(solana.feePayer as SolanaAddress));
        if (refused && spent !== 0n)
          findings.push(`the fee payer's lamports changed by ${-spent} for a refused payment (fees paid)`);
      }
      return findings;
    },
  };
}

/** What the EVM account did in the blocks after `fromBlock`: reverted transactions, or any for a refused payment. */
async function evmFindings(
  { chain, account }: { chain: SuiteChain; account: Address },
  fromBlock: bigint,
  refused: boolean,
): Promise<AccountFindings> {
  const client = chain.publicClient;
  const findings: string[] = [];
  const [pending, mined] = await Promise.all([
    client.getTransactionCount({ address: account, blockTag: "pending" }),
    client.getTransactionCount({ address: account, blockTag: "latest" }),
  ]);
  if (pending > mined) await client.request({ method: "evm_mine" as never, params: [] as never });
  const toBlock = await client.getBlockNumber({ cacheTime: 0 });
  const sent: Hash[] = [];
  for (let number = fromBlock + 1n; number <= toBlock; number++) {
    const block = await client.getBlock({ blockNumber: number, includeTransactions: true });
    for (const tx of block.transactions)
      if (tx.from.toLowerCase() === account.toLowerCase()) sent.push(tx.hash);
  }
  const receipts = await Promise.all(sent.map((hash) => client.getTransactionReceipt({ hash })));
  const reverted = receipts.filter((r) => r.status !== "success");
  if (reverted.length > 0)
    findings.push(
      `the facilitator's account sent ${reverted.length} reverted transaction(s): ${reverted.map((r) => r.transactionHash).join(", ")}`,
    );
  if (refused && sent.length > 0)
    findings.push(
      `the facilitator's account sent ${sent.length} transaction(s) for a refused payment (gas spent): ${sent.join(", ")}`,
    );
  return findings;
}
