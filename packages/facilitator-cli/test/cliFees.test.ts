import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentRequest, post } from "./pay.js";
import { type SpawnedCli, spawnCli } from "./spawnCli.js";

// Fee caps and a signer without gas (issue 17): the CLI as it ships, a Hardhat chain, real HTTP.
describe("x402kit-facilitator: fee caps and a signer without gas", () => {
  let chain: TestChain;
  let capped: SpawnedCli;
  let budgeted: SpawnedCli;
  let cappedUrl: string;
  let budgetedUrl: string;
  /** The most an EOA's EIP-3009 settlement can cost: the default gas limit (150 000) × its max fee per gas. */
  let maximum: bigint;
  const directory = mkdtempSync(join(tmpdir(), "x402kit-fees-"));
  const signer = () => chain.accounts.facilitator.address;
  const spent = async () => ({
    nonce: await chain.publicClient.getTransactionCount({ address: signer() }),
    wei: await chain.publicClient.getBalance({ address: signer() }),
  });

  beforeAll(async () => {
    chain = await startTestChain();
    // Fees pinned: a base fee of 0 stays 0 in blocks below their gas target, so every settlement's max fee per gas
    // is the tip (2 × base fee + tip), and the estimate is known exactly.
    await chain.testClient.request({ method: "hardhat_setNextBlockBaseFeePerGas", params: ["0x0"] });
    await chain.testClient.mine({ blocks: 1 });
    const tip = BigInt(await chain.publicClient.request({ method: "eth_maxPriorityFeePerGas" }));
    maximum = 150_000n * tip;
    expect(maximum).toBeGreaterThan(0n);
    writeFileSync(join(directory, "key.txt"), `${chain.accounts.facilitator.privateKey}\n`);
    const config = (name: string, maxFee: Record<string, string>) => {
      const path = join(directory, `${name}.json`);
      writeFileSync(
        path,
        JSON.stringify({
          server: { port: 0 },
          store: "memory",
          policy: { maxFee: { [chain.network]: maxFee } },
          signers: { eip155: { privateKey: { file: "key.txt" } } },
          networks: { [chain.network]: { rpc: chain.rpcUrl, assets: [chain.usdc.address] } },
        }),
      );
      return path;
    };
    capped = spawnCli(["--config", config("capped", { perSettlement: `${maximum - 1n}` })]);
    budgeted = spawnCli([
      "--config",
      config("budgeted", { perSettlement: `${maximum}`, perHour: `${maximum + 1n}` }),
    ]);
    const urls = await Promise.all(
      [capped, budgeted].map(
        async (cli) => (await cli.waitForLog("x402kit-facilitator started")).url as string,
      ),
    );
    cappedUrl = urls[0]!;
    budgetedUrl = urls[1]!;
  }, 120_000);
  afterAll(async () => {
    for (const cli of [capped, budgeted]) if (cli?.child.exitCode === null) cli.child.kill("SIGKILL");
    await chain?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it("refuses a settlement whose fee could exceed the per-settlement cap, sending nothing", async () => {
    const buyer = chain.accounts.buyers[0]!;
    const before = await spent();
    const usdc = await chain.balanceOf(chain.usdc.address, buyer.address);
    const request = await paymentRequest({ chain, buyer: buyer.account });
    const settled = await post(cappedUrl, "/settle", request);
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({
      success: false,
      errorReason: "policy_fee_too_high",
      transaction: "",
      errorMessage: expect.stringContaining(`up to ${maximum}`),
    });
    expect(await spent()).toEqual(before);
    expect(await chain.balanceOf(chain.usdc.address, buyer.address)).toBe(usdc);
    expect(
      await capped.waitForLog("settlement failed", {
        where: (line) => line.reason === "policy_fee_too_high",
      }),
    ).toMatchObject({ level: 40 });
  });

  it("answers facilitator_insufficient_gas for a signer without gas, then counts what is really paid per hour", async () => {
    const buyer = chain.accounts.buyers[1]!;
    const usdc = await chain.balanceOf(chain.usdc.address, buyer.address);
    const funded = await chain.publicClient.getBalance({ address: signer() });
    // No gas: the node refuses the transaction. Its own reason, a warning, nothing spent or taken from the budget.
    await chain.testClient.setBalance({ address: signer(), value: 0n });
    const request = await paymentRequest({ chain, buyer: buyer.account });
    const before = await spent();
    const broke = await post(budgetedUrl, "/settle", request);
    expect(broke.body).toMatchObject({
      success: false,
      errorReason: "facilitator_insufficient_gas",
      transaction: "",
    });
    expect(await spent()).toEqual(before);
    expect(await chain.balanceOf(chain.usdc.address, buyer.address)).toBe(usdc);
    expect(
      await budgeted.waitForLog("settlement failed", {
        where: (line) => line.reason === "facilitator_insufficient_gas",
      }),
    ).toMatchObject({ level: 40 });

    // Gas again: the same authorization settles (the refusal sent nothing), at a fee within the cap.
    await chain.testClient.setBalance({ address: signer(), value: funded });
    const settled = await post(budgetedUrl, "/settle", request);
    expect(settled.body).toMatchObject({ success: true });
    const receipt = await chain.publicClient.getTransactionReceipt({
      hash: settled.body.transaction as `0x${string}`,
    });
    const fee = receipt.gasUsed * receipt.effectiveGasPrice;
    expect(fee).toBeGreaterThan(0n);
    expect(fee).toBeLessThanOrEqual(maximum);
    expect(funded - (await chain.publicClient.getBalance({ address: signer() }))).toBe(fee);
    expect(usdc - (await chain.balanceOf(chain.usdc.address, buyer.address))).toBe(1_000n);

    // The hour's budget is maximum + 1 wei: what was paid plus another settlement's maximum exceeds it.
    const after = await spent();
    const next = await post(budgetedUrl, "/settle", await paymentRequest({ chain, buyer: buyer.account }));
    expect(next.body).toMatchObject({
      success: false,
      errorReason: "policy_fee_budget_exceeded",
      transaction: "",
    });
    expect(await spent()).toEqual(after);
  });
});
