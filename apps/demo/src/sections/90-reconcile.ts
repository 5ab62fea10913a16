import { type Address, erc20Abi, formatEther, formatGwei, getAddress } from "viem";
import { DemoError } from "../demo/DemoError.js";
import { defineSection } from "../demo/defineSection.js";
import { formatAmount } from "../demo/formatAmount.js";

export default defineSection({
  name: "reconcile",
  title: "Reconcile: every balance change against the receipts, and the facilitator's gas",
  run: async (demo) => {
    const chain = demo.need("chain");
    const startBlock = demo.need("startBlock");
    const facilitator = demo.need("facilitator");
    const { publicClient } = chain;
    const endBlock = await publicClient.getBlockNumber();

    // 1. Token balances: for each (token, account) a payment touched on this chain, the change from the start
    //    block to now equals what the receipts say moved in and out. Payments on other chains are reconciled by
    //    the sections that made them.
    const onChain = demo.payments.filter((p) => p.network === chain.network);
    const expected = new Map<string, { asset: Address; account: Address; symbol: string; delta: bigint }>();
    const add = (asset: Address, account: Address, symbol: string, delta: bigint) => {
      const key = `${getAddress(asset)} ${getAddress(account)}`;
      const entry = expected.get(key) ?? { asset, account, symbol, delta: 0n };
      entry.delta += delta;
      expected.set(key, entry);
    };
    for (const p of onChain) {
      add(p.asset, p.from, p.symbol, -p.amount);
      add(p.asset, p.to, p.symbol, p.amount);
    }
    const balance = (asset: Address, account: Address, blockNumber: bigint) =>
      publicClient.readContract({
        address: asset,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [account],
        blockNumber,
      });
    const names = new Map<string, string>([
      [chain.accounts.buyer.address, "buyer"],
      [chain.accounts.seller.address, "seller"],
    ]);
    for (const { asset, account, symbol, delta } of expected.values()) {
      const [before, after] = await Promise.all([
        balance(asset, account, startBlock),
        balance(asset, account, endBlock),
      ]);
      const sign = after < before ? "-" : "+";
      const change = after < before ? before - after : after - before;
      demo.print(
        `${symbol.padEnd(4)} ${(names.get(getAddress(account)) ?? account).padEnd(6)} ` +
          `${formatAmount(before, 6, symbol).padStart(21)} -> ${formatAmount(after, 6, symbol).padStart(21)}` +
          `  (${sign}${formatAmount(change, 6, symbol)})`,
      );
      if (after - before !== delta)
        throw new DemoError(
          `${symbol} of ${account} changed by ${after - before}, the receipts say ${delta}`,
        );
    }
    const totals = new Map<string, bigint>();
    for (const p of onChain) totals.set(p.symbol, (totals.get(p.symbol) ?? 0n) + p.amount);
    demo.print(
      `reconciled: ${onChain.length} payments, every change equals the receipts (` +
        [...totals].map(([symbol, total]) => formatAmount(total, 6, symbol)).join(", ") +
        ")",
    );

    // 2. The facilitator's account: every transaction it sent since the start block, none reverted, and its ETH
    //    went down by exactly the fees of those transactions.
    let sent = 0;
    let gasUsed = 0n;
    let fees = 0n;
    for (let n = startBlock + 1n; n <= endBlock; n++) {
      const block = await publicClient.getBlock({ blockNumber: n, includeTransactions: true });
      for (const tx of block.transactions) {
        if (getAddress(tx.from) !== getAddress(facilitator.address)) continue;
        const receipt = await publicClient.getTransactionReceipt({ hash: tx.hash });
        if (receipt.status !== "success")
          throw new DemoError(`the facilitator's transaction ${tx.hash} reverted`);
        sent++;
        gasUsed += receipt.gasUsed;
        fees += receipt.gasUsed * receipt.effectiveGasPrice;
      }
    }
    const [ethBefore, ethAfter] = await Promise.all([
      publicClient.getBalance({ address: facilitator.address, blockNumber: startBlock }),
      publicClient.getBalance({ address: facilitator.address, blockNumber: endBlock }),
    ]);
    if (ethBefore - ethAfter !== fees)
      throw new DemoError(
        `the facilitator's ETH fell by ${ethBefore - ethAfter}, its transactions' fees are ${fees}`,
      );
    const settledHere = new Set(onChain.map((p) => p.transaction)).size;
    demo.print(
      `facilitator ${facilitator.address} sent ${sent} transactions (${settledHere} settlements), none reverted;`,
    );
    demo.print(
      `            gas ${gasUsed.toLocaleString("en-US")} units, ${formatEther(fees)} ETH` +
        (gasUsed > 0n ? ` (${formatGwei(fees / gasUsed)} gwei a unit)` : "") +
        ", exactly what its ETH balance lost",
    );
  },
});
