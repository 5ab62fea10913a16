import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import type { FacilitatorRequest, PaymentRequirements } from "@x402kit/types";
import {
  type Address,
  getContractAddress,
  type Hex,
  type LocalAccount,
  parseSignature,
  serializeSignature,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentRequest, post } from "./pay.js";
import { type SpawnedCli, spawnCli } from "./spawnCli.js";

// The hostile cases of docs/reliability.md that apply over HTTP, against the CLI as it ships with API keys and a
// settlement policy on (issue 17): each answer's status and reason, and no gas spent on any refusal.
describe("x402kit-facilitator with keys and policy, under hostile requests", () => {
  let chain: TestChain;
  let cli: SpawnedCli;
  let url: string;
  let apiKey: string;
  const denied = "0x000000000000000000000000000000000000dEaD";
  const attacker = privateKeyToAccount(generatePrivateKey());
  const directory = mkdtempSync(join(tmpdir(), "x402kit-hostile-"));
  const auth = () => ({ authorization: `Bearer ${apiKey}` });

  beforeAll(async () => {
    chain = await startTestChain();
    const made = spawnCli(["--new-api-key"]);
    expect(await made.exited).toBe(0);
    apiKey = /^key: +(\S+)$/m.exec(made.output())![1]!;
    const sha256 = /^sha256: +([0-9a-f]{64})$/m.exec(made.output())![1]!;
    writeFileSync(join(directory, "key.txt"), `${chain.accounts.facilitator.privateKey}\n`);
    writeFileSync(
      join(directory, "facilitator.json"),
      JSON.stringify({
        server: { port: 0 },
        store: "memory",
        apiKeys: { keys: [{ name: "shop", sha256 }] },
        limits: { perKey: { perMinute: 6000, burst: 500 }, settlementsInFlight: 32 },
        policy: {
          networks: [chain.network],
          payToDeny: [denied],
          maxAmount: "5000",
          maxFee: { [chain.network]: { perSettlement: "1000000000000000000" } },
        },
        signers: { eip155: { privateKey: { file: "key.txt" } } },
        networks: { [chain.network]: { rpc: chain.rpcUrl, assets: [chain.usdc.address] } },
      }),
    );
    cli = spawnCli(["--config", join(directory, "facilitator.json")]);
    url = (await cli.waitForLog("x402kit-facilitator started")).url as string;
  }, 120_000);
  afterAll(async () => {
    if (cli?.child.exitCode === null) cli.child.kill("SIGKILL");
    await chain?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  /** The offer: 1000 units of MockUSDC to the seller. */
  const offer = (): PaymentRequirements => ({
    scheme: "exact",
    network: chain.network,
    amount: "1000",
    asset: chain.usdc.address,
    payTo: chain.accounts.seller.address,
    maxTimeoutSeconds: 300,
    extra: { name: chain.usdc.name, version: chain.usdc.version },
  });

  type Crafted = {
    from?: Address;
    to?: Address;
    validBefore?: bigint;
    domain?: { chainId?: number; verifyingContract?: Address };
    signature?: (signature: Hex) => Hex;
    accepted?: PaymentRequirements;
  };
  /** An EIP-3009 authorization signed by `account` (the buyer), with the fields an attacker changes. */
  async function craft(account: LocalAccount, crafted: Crafted = {}): Promise<FacilitatorRequest> {
    const requirements = offer();
    const now = BigInt(Math.floor(Date.now() / 1000));
    const authorization = {
      from: crafted.from ?? account.address,
      to: crafted.to ?? (requirements.payTo as Address),
      value: BigInt(requirements.amount),
      validAfter: now - 600n,
      validBefore: crafted.validBefore ?? now + 300n,
      nonce: `0x${randomBytes(32).toString("hex")}` as Hex,
    };
    const signed = await account.signTypedData({
      domain: {
        name: chain.usdc.name,
        version: chain.usdc.version,
        chainId: crafted.domain?.chainId ?? chain.chainId,
        verifyingContract: crafted.domain?.verifyingContract ?? chain.usdc.address,
      },
      types: {
        TransferWithAuthorization: [
          { name: "from", type: "address" },
          { name: "to", type: "address" },
          { name: "value", type: "uint256" },
          { name: "validAfter", type: "uint256" },
          { name: "validBefore", type: "uint256" },
          { name: "nonce", type: "bytes32" },
        ],
      },
      primaryType: "TransferWithAuthorization",
      message: authorization,
    });
    const payload = {
      signature: crafted.signature ? crafted.signature(signed) : signed,
      authorization: Object.fromEntries(
        Object.entries(authorization).map(([key, value]) => [key, String(value)]),
      ),
    };
    return {
      x402Version: 2,
      paymentPayload: { x402Version: 2, accepted: crafted.accepted ?? requirements, payload },
      paymentRequirements: requirements,
    };
  }
  const highS = (signature: Hex): Hex => {
    const { r, s, v } = parseSignature(signature);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const flipped = n - BigInt(s);
    return serializeSignature({
      r,
      s: `0x${flipped.toString(16).padStart(64, "0")}`,
      v: v === 27n ? 28n : 27n,
    });
  };

  const spent = async () => ({
    nonce: await chain.publicClient.getTransactionCount({ address: chain.accounts.facilitator.address }),
    wei: await chain.publicClient.getBalance({ address: chain.accounts.facilitator.address }),
    buyer: await chain.balanceOf(chain.usdc.address, chain.accounts.buyers[0]!.address),
    seller: await chain.balanceOf(chain.usdc.address, chain.accounts.seller.address),
  });

  it("refuses every hostile request with its status and reason, and spends no gas on any", async () => {
    const buyer = chain.accounts.buyers[0]!.account;
    const before = await spent();
    // A wallet address with no code, funded, so that only the missing code can refuse it.
    const wallet = getContractAddress({ from: chain.accounts.deployer.address, nonce: 10_000n });
    await chain.mint(wallet, 1_000_000n);
    const underfunded = privateKeyToAccount(generatePrivateKey());
    const crafted: [string, Promise<FacilitatorRequest>, string][] = [
      ["high-s signature", craft(buyer, { signature: highS }), "invalid_exact_evm_payload_signature"],
      [
        "another chain id",
        craft(buyer, { domain: { chainId: 8453 } }),
        "invalid_exact_evm_payload_signature",
      ],
      [
        "another verifying contract",
        craft(buyer, { domain: { verifyingContract: attacker.address } }),
        "invalid_exact_evm_payload_signature",
      ],
      [
        "another payTo",
        craft(buyer, { to: attacker.address }),
        "invalid_exact_evm_payload_recipient_mismatch",
      ],
      [
        "validBefore 30 days out",
        craft(buyer, { validBefore: BigInt(Math.floor(Date.now() / 1000) + 30 * 86_400) }),
        "invalid_exact_evm_payload_authorization_valid_before_too_far",
      ],
      [
        "`accepted` differs from the requirements (payTo, signed for it)",
        craft(buyer, { to: attacker.address, accepted: { ...offer(), payTo: attacker.address } }),
        "invalid_payment_requirements",
      ],
      [
        "smart-wallet signature from an address with no code",
        craft(buyer, { from: wallet, signature: (signature) => `${signature}${"00".repeat(32)}` as Hex }),
        "invalid_exact_evm_payload_smart_wallet_not_deployed",
      ],
      ["a payer without the funds", craft(underfunded), "insufficient_funds"],
      [
        "policy: a denied payTo",
        paymentRequest({ chain, buyer, payTo: denied }),
        "policy_pay_to_not_allowed",
      ],
      [
        "policy: above maxAmount",
        paymentRequest({ chain, buyer, amount: "5001" }),
        "policy_amount_too_large",
      ],
    ];
    for (const [name, request, reason] of crafted) {
      const body = await request;
      const verified = await post(url, "/verify", body, auth());
      expect([name, verified.status, verified.body.invalidReason]).toEqual([name, 200, reason]);
      const settled = await post(url, "/settle", body, auth());
      expect([name, settled.status, settled.body.errorReason, settled.body.transaction]).toEqual([
        name,
        200,
        reason,
        "",
      ]);
    }

    // Bad bodies, and requests without a (valid) key: refused before the facilitator reads them.
    const valid = JSON.stringify(await paymentRequest({ chain, buyer }));
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const raw: [string, string, Record<string, string>, number, string | undefined][] = [
      ["no key", valid, {}, 401, undefined],
      ["a wrong key", valid, { authorization: "Bearer x402k_not-a-key" }, 401, undefined],
      ["an empty body", "", auth(), 400, "invalid_payload"],
      ["not JSON", "{not json", auth(), 400, "invalid_payload"],
      ["not the schema", JSON.stringify({ x402Version: 2, hello: 1 }), auth(), 400, "invalid_payload"],
      ["JSON nested 20 000 deep", deep, auth(), 400, "invalid_payload"],
      [
        "x402Version nested 5 000 deep",
        valid.replace('"x402Version":2', `"x402Version":${"[".repeat(5_000)}${"]".repeat(5_000)}`),
        auth(),
        400,
        "invalid_x402_version",
      ],
      [
        "the request's fields under `__proto__`",
        `{"x402Version":2,"__proto__":${valid}}`,
        auth(),
        400,
        "invalid_payload",
      ],
      ["over the body limit", `{"pad":"${"x".repeat(70_000)}"}`, auth(), 413, "invalid_payload"],
    ];
    for (const [name, body, headers, status, reason] of raw)
      for (const path of ["/verify", "/settle"] as const) {
        const answer = await fetch(`${url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
        });
        const json = (await answer.json()) as Record<string, unknown>;
        expect([name, path, answer.status]).toEqual([name, path, status]);
        if (reason) expect([name, json.invalidReason ?? json.errorReason]).toEqual([name, reason]);
        else expect(json).toMatchObject({ error: "unauthorized" });
      }
    const textBody = await fetch(`${url}/settle`, {
      method: "POST",
      headers: { "content-type": "text/plain", ...auth() },
      body: valid,
    });
    expect(textBody.status).toBe(415);

    // Not one wei, nonce or token unit moved (the wallet's mint aside, which the facilitator did not send).
    expect(await spent()).toEqual(before);
  });

  it("settles an honest payment once: 20 concurrent settles and a replay, one transaction", async () => {
    const buyer = chain.accounts.buyers[0]!.account;
    const before = await spent();
    const request = await paymentRequest({ chain, buyer });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(url, "/settle", request, auth())),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const successes = answers.filter((answer) => answer.body.success === true);
    expect(successes).toHaveLength(1);
    const replay = await post(url, "/settle", request, auth());
    expect(replay.body).toMatchObject({ success: false, errorReason: "invalid_transaction_state" });
    const after = await spent();
    expect(after.nonce - before.nonce).toBe(1);
    expect(before.buyer - after.buyer).toBe(1_000n);
    expect(after.seller - before.seller).toBe(1_000n);
  });
});
