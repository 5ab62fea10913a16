import { mockSmartWalletAbi, mockSmartWalletBytecode } from "@x402kit/contracts";
import { createSignInChallenge, createSignInWithXHeader, verifySignInWithX } from "@x402kit/core";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import {
  type Address,
  concat,
  encodeAbiParameters,
  getContractAddress,
  type Hex,
  keccak256,
  toHex,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evmSignInSigner } from "../src/signIn/evmSignInSigner.js";
import { evmSignInVerifier } from "../src/signIn/evmSignInVerifier.js";

// Sign-in-with-x as a smart wallet, on a Hardhat chain: a deployed EIP-1271 wallet (MockSmartWallet, owned by an
// EOA), and the same wallet not deployed yet, signing with ERC-6492 through a CREATE2 factory. viem's verifyMessage
// checks both (the second by simulating the deployment).

/**
 * The deterministic-deployment proxy's runtime code (the well-known CREATE2 factory found on most chains): calldata
 * `salt ‖ initcode` deploys `initcode` with CREATE2 and returns the address.
 */
const factoryAddress: Address = "0x4e59b44847b379578588920ca78fbf26c0b4956c";
const factoryCode: Hex =
  "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";

let chain: TestChain;
const url = "http://127.0.0.1:3000/articles/7";

beforeAll(async () => {
  chain = await startTestChain({ buyers: 2 });
  await chain.testClient.setCode({ address: factoryAddress, bytecode: factoryCode });
});
afterAll(async () => {
  await chain?.stop();
});

async function signIn(signer: ReturnType<typeof evmSignInSigner>, withClient = true) {
  const chains = [{ chainId: chain.network, type: "eip191" as const }];
  const extension = createSignInChallenge({ url, chains })["sign-in-with-x"];
  const created = await createSignInWithXHeader({ extension, requestUrl: url, signers: [signer] });
  if (!created.ok) throw new Error(created.message);
  return verifySignInWithX({
    header: created.header,
    url,
    chains,
    verifiers: [evmSignInVerifier(withClient ? { clients: { [chain.network]: chain.publicClient } } : {})],
    useNonce: async () => true,
  });
}

describe("sign-in-with-x with smart wallets", () => {
  it("an EOA signs in whether or not the verifier has a client", async () => {
    const signer = evmSignInSigner({ account: chain.accounts.buyer.account });
    const address = chain.accounts.buyer.address.toLowerCase();
    expect(await signIn(signer)).toMatchObject({ ok: true, address });
    expect(await signIn(signer, false)).toMatchObject({ ok: true, address });
  });

  it("a deployed EIP-1271 wallet signs in through its owner; not its owner's neighbour, not without a client", async () => {
    const owner = chain.accounts.buyers[1]!;
    const wallet = await chain.deploy({
      abi: mockSmartWalletAbi,
      bytecode: mockSmartWalletBytecode,
      args: [owner.address],
    });
    const signer = evmSignInSigner({ account: owner.account, smartWallet: { address: wallet } });
    expect(await signIn(signer)).toMatchObject({ ok: true, address: wallet.toLowerCase() });
    expect(await signIn(signer, false)).toMatchObject({ ok: false, reason: "invalid_siwx_signature" });
    const impostor = evmSignInSigner({
      account: chain.accounts.buyer.account,
      smartWallet: { address: wallet },
    });
    expect(await signIn(impostor)).toMatchObject({ ok: false, reason: "invalid_siwx_signature" });
  });

  it("a wallet not deployed yet signs in with ERC-6492, and stays undeployed", async () => {
    const owner = chain.accounts.buyers[1]!;
    const initcode = concat([
      mockSmartWalletBytecode,
      encodeAbiParameters([{ type: "address" }], [owner.address]),
    ]);
    const salt = keccak256(toHex("x402kit sign-in test"));
    const wallet = getContractAddress({ opcode: "CREATE2", from: factoryAddress, salt, bytecode: initcode });
    expect(await chain.publicClient.getCode({ address: wallet })).toBeUndefined();
    const signer = evmSignInSigner({
      account: owner.account,
      smartWallet: { address: wallet, factory: { address: factoryAddress, data: concat([salt, initcode]) } },
    });
    expect(await signIn(signer)).toMatchObject({ ok: true, address: wallet.toLowerCase() });
    expect(await chain.publicClient.getCode({ address: wallet })).toBeUndefined();
    const impostor = evmSignInSigner({
      account: chain.accounts.buyer.account,
      smartWallet: { address: wallet, factory: { address: factoryAddress, data: concat([salt, initcode]) } },
    });
    expect(await signIn(impostor)).toMatchObject({ ok: false, reason: "invalid_siwx_signature" });
  });
});
