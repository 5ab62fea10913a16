import { mockErc20PermitAbi, permit2Abi, x402UptoPermit2ProxyAbi } from "@x402kit/contracts";
import { getAddress, hashDomain, maxUint256 } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestChain, type TestChainWithPermit2 } from "../src/index.js";

let chain: TestChainWithPermit2;

beforeAll(async () => {
  chain = await startTestChain({ permit2: true, buyers: 2 });
});

afterAll(async () => {
  await chain?.stop();
});

describe("startTestChain({ permit2: true })", () => {
  it("puts Permit2 and both x402 proxies at their canonical addresses", async () => {
    expect(chain.permit2).toMatchObject({
      address: getAddress("0x000000000022D473030F116dDEE9F6B43aC78BA3"),
      exactProxy: getAddress("0x402085c248EeA27D92E8b30b2C58ed07f9E20001"),
      uptoProxy: getAddress("0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002"),
    });
    for (const address of [chain.permit2.address, chain.permit2.exactProxy, chain.permit2.uptoProxy])
      expect((await chain.publicClient.getCode({ address }))?.length).toBeGreaterThan(100);
    expect(
      await chain.publicClient.readContract({
        address: chain.permit2.uptoProxy,
        abi: x402UptoPermit2ProxyAbi,
        functionName: "PERMIT2",
      }),
    ).toBe(chain.permit2.address);
  });

  it("computes Permit2's domain separator for this chain", async () => {
    const separator = await chain.publicClient.readContract({
      address: chain.permit2.address,
      abi: permit2Abi,
      functionName: "DOMAIN_SEPARATOR",
    });
    expect(separator).toBe(
      hashDomain({
        domain: { name: "Permit2", chainId: BigInt(chain.chainId), verifyingContract: chain.permit2.address },
        types: {
          EIP712Domain: [
            { name: "name", type: "string" },
            { name: "chainId", type: "uint256" },
            { name: "verifyingContract", type: "address" },
          ],
        },
      }),
    );
  });

  it("deploys MockERC20Permit, funds the buyers, and approves Permit2 on request", async () => {
    const { permit2Token } = chain;
    expect(permit2Token).toMatchObject({ name: "Permit Dollar", version: "1", decimals: 6 });
    const [first, second] = chain.accounts.buyers;
    for (const buyer of [first!, second!])
      expect(await chain.balanceOf(permit2Token.address, buyer.address)).toBe(1_000_000_000n);
    const allowance = (owner: `0x${string}`) =>
      chain.publicClient.readContract({
        address: permit2Token.address,
        abi: mockErc20PermitAbi,
        functionName: "allowance",
        args: [owner, chain.permit2.address],
      });
    expect(await allowance(first!.address)).toBe(0n);
    await chain.permit2.approve(first!);
    expect(await allowance(first!.address)).toBe(maxUint256);
    await chain.permit2.approve(second!, { token: chain.usdc.address, amount: 5n });
    expect(
      await chain.publicClient.readContract({
        address: chain.usdc.address,
        abi: mockErc20PermitAbi,
        functionName: "allowance",
        args: [second!.address, chain.permit2.address],
      }),
    ).toBe(5n);
  });
});

describe("startTestChain() without permit2", () => {
  it("installs nothing at Permit2's address", async () => {
    const plain = await startTestChain({ mode: "in-process", buyers: 1 });
    try {
      expect(plain.permit2).toBeUndefined();
      expect(plain.permit2Token).toBeUndefined();
      expect(await plain.publicClient.getCode({ address: chain.permit2.address })).toBeUndefined();
    } finally {
      await plain.stop();
    }
  });
});
