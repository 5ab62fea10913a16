import { parsePrice } from "@x402kit/core";
import { permit2Address, readPermit2NonceUsed } from "@x402kit/evm";
import { startTestChain, type TestAccount, type TestChainWithPermit2 } from "@x402kit/testchain";
import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type UptoEvmError,
  type UptoEvmFacilitatorReturnType,
  type UptoEvmServerReturnType,
  uptoEvmClient,
  uptoEvmFacilitator,
  uptoEvmServer,
} from "../src/index.js";

let chain: TestChainWithPermit2;
let facilitator: UptoEvmFacilitatorReturnType;
let server: UptoEvmServerReturnType;
let requirements: PaymentRequirements;
let approved: TestAccount;
let unapproved: TestAccount;
const broadcasts: string[] = [];
const context = { onBroadcast: async (hash: string) => void broadcasts.push(hash) };
const maximum = 1_000_000n; // $1 of a 6-decimal token

beforeAll(async () => {
  chain = await startTestChain({ permit2: true, buyers: 2 });
  [approved, unapproved] = chain.accounts.buyers as [TestAccount, TestAccount];
  await chain.permit2.approve(approved);
  facilitator = uptoEvmFacilitator({
    networks: {
      [chain.network]: {
        rpcUrl: chain.rpcUrl,
        signer: privateKeyToAccount(chain.accounts.facilitator.privateKey),
      },
    },
    pollingIntervalMs: 50,
  });
  // The server learns the facilitator's address from its `GET /supported`.
  server = uptoEvmServer({
    assets: { [chain.network]: chain.permit2Token },
    facilitator: {
      supported: async () => ({
        kinds: facilitator.supportedKinds(),
        extensions: [],
        signers: facilitator.signers(),
      }),
    },
  });
  requirements = await server.buildRequirements({
    network: chain.network,
    price: parsePrice("$1"),
    payTo: chain.accounts.seller.address,
    maxTimeoutSeconds: 120,
  });
});

afterAll(async () => {
  await chain?.stop();
});

/** The client's payment for `offered` (default: the route's requirements), as the server would forward it. */
async function pay(
  buyer: TestAccount = approved,
  offered: PaymentRequirements = requirements,
  options: { now?: () => number } = {},
): Promise<PaymentPayload> {
  const client = uptoEvmClient({ account: buyer.account, ...options });
  const { payload } = await client.createPaymentPayload({ requirements: offered });
  return { x402Version: 2, accepted: offered, payload };
}

const balances = async (buyer: TestAccount = approved) => ({
  buyer: await chain.balanceOf(chain.permit2Token.address, buyer.address),
  seller: await chain.balanceOf(chain.permit2Token.address, chain.accounts.seller.address),
});

const settleFor = (payload: PaymentPayload, settlementAmount: bigint | undefined) =>
  facilitator.settle(
    { payload, requirements: server.prepareSettlement({ requirements, payload, settlementAmount }) },
    context,
  );

describe("upto on the local chain: discovery", () => {
  it("announces the facilitator's address, and the server puts it and the maximum in the requirements", () => {
    const address = chain.accounts.facilitator.address;
    expect(facilitator.supportedKinds()).toEqual([
      { x402Version: 2, scheme: "upto", network: chain.network, extra: { facilitatorAddress: address } },
    ]);
    expect(facilitator.signers()).toEqual({ [chain.network]: [address] });
    expect(requirements).toEqual({
      scheme: "upto",
      network: chain.network,
      amount: maximum.toString(),
      asset: chain.permit2Token.address,
      payTo: chain.accounts.seller.address,
      maxTimeoutSeconds: 120,
      extra: {
        name: "Permit Dollar",
        version: "1",
        assetTransferMethod: "permit2",
        facilitatorAddress: address,
      },
    });
  });
});

describe("upto on the local chain: settle", () => {
  it("verifies a payment for the maximum", async () => {
    expect(await facilitator.verify({ payload: await pay(), requirements })).toEqual({
      isValid: true,
      payer: approved.address,
    });
  });

  it("settles below the maximum and moves exactly that amount", async () => {
    const payload = await pay();
    const before = await balances();
    const settled = await settleFor(payload, 250_000n);
    expect(settled).toMatchObject({
      success: true,
      amount: "250000",
      payer: approved.address,
      network: chain.network,
    });
    expect(broadcasts).toContain(settled.transaction);
    const after = await balances();
    expect(before.buyer - after.buyer).toBe(250_000n);
    expect(after.seller - before.seller).toBe(250_000n);
    // A receipt that arrives later resolves to the same outcome.
    expect(
      await facilitator.resolveBroadcast({
        transaction: settled.transaction,
        network: chain.network,
        requirements: { ...requirements, amount: "250000" },
        payload,
      }),
    ).toMatchObject({ success: true, transaction: settled.transaction, amount: "250000" });
  });

  it("settles the maximum when the handler reports no amount", async () => {
    const before = await balances();
    expect(await settleFor(await pay(), undefined)).toMatchObject({
      success: true,
      amount: maximum.toString(),
    });
    expect((await balances()).seller - before.seller).toBe(maximum);
  });

  it("refuses more than the maximum, on the server and at the facilitator", async () => {
    const payload = await pay();
    let thrown: UptoEvmError | undefined;
    try {
      server.prepareSettlement({ requirements, payload, settlementAmount: maximum + 1n });
    } catch (error) {
      thrown = error as UptoEvmError;
    }
    expect(thrown?.code).toBe("invalid_upto_evm_payload_settlement_exceeds_amount");
    const before = await balances();
    const settled = await facilitator.settle(
      { payload, requirements: { ...requirements, amount: (maximum + 1n).toString() } },
      context,
    );
    expect(settled).toMatchObject({
      success: false,
      errorReason: "invalid_upto_evm_payload_settlement_exceeds_amount",
      transaction: "",
    });
    expect(await balances()).toEqual(before);
  });

  it("settles zero without a transaction and leaves the authorization unused", async () => {
    const payload = await pay();
    const before = await balances();
    const sent = broadcasts.length;
    expect(await settleFor(payload, 0n)).toEqual({
      success: true,
      transaction: "",
      network: chain.network,
      payer: approved.address,
      amount: "0",
    });
    expect(broadcasts.length).toBe(sent);
    expect(await balances()).toEqual(before);
    const nonce = BigInt(
      (payload.payload as { permit2Authorization: { nonce: string } }).permit2Authorization.nonce,
    );
    expect(await readPermit2NonceUsed({ client: chain.publicClient, owner: approved.address, nonce })).toBe(
      false,
    );
  });

  it("refuses a replay of a settled authorization", async () => {
    const payload = await pay();
    expect(await settleFor(payload, 1n)).toMatchObject({ success: true });
    const before = await balances();
    expect(await facilitator.verify({ payload, requirements })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_exact_evm_payload_authorization_nonce_used",
    });
    expect(await settleFor(payload, 1n)).toMatchObject({
      success: false,
      errorReason: "invalid_exact_evm_payload_authorization_nonce_used",
    });
    expect(await balances()).toEqual(before);
  });

  it("names the authorization by network, token, payer and Permit2 nonce", async () => {
    const payload = await pay();
    const { nonce } = (payload.payload as { permit2Authorization: { nonce: string } }).permit2Authorization;
    expect(facilitator.settlementKey({ payload, requirements })).toBe(
      `${chain.network}:${chain.permit2Token.address.toLowerCase()}:${approved.address.toLowerCase()}:${nonce}`,
    );
  });
});

describe("upto on the local chain: refusals", () => {
  it("asks for a Permit2 allowance when the payer has none (permit2_allowance_required)", async () => {
    expect(await facilitator.verify({ payload: await pay(unapproved), requirements })).toMatchObject({
      isValid: false,
      invalidReason: "permit2_allowance_required",
      payer: unapproved.address,
    });
  });

  it("refuses an authorization bound to another facilitator", async () => {
    const other = {
      ...requirements,
      extra: { ...requirements.extra, facilitatorAddress: chain.accounts.seller.address },
    };
    const payload = await pay(approved, other);
    expect(await facilitator.verify({ payload, requirements: other })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_upto_evm_payload_facilitator_mismatch",
      invalidMessage: expect.stringContaining("bound to facilitator"),
    });
  });

  it("refuses an authorization that pays someone else", async () => {
    const elsewhere = { ...requirements, payTo: unapproved.address };
    expect(await facilitator.verify({ payload: await pay(approved, elsewhere), requirements })).toMatchObject(
      {
        isValid: false,
        invalidReason: "invalid_permit2_recipient_mismatch",
      },
    );
  });

  it("refuses a signature by someone other than the payer", async () => {
    const payload = await pay(unapproved);
    const inner = payload.payload as { permit2Authorization: { from: string } };
    inner.permit2Authorization.from = approved.address;
    expect(await facilitator.verify({ payload, requirements })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_permit2_signature",
    });
  });

  it("refuses an expired deadline and a validAfter in the future", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await pay(approved, requirements, { now: () => now - 3_600 });
    expect(await facilitator.verify({ payload: expired, requirements })).toMatchObject({
      invalidReason: "permit2_deadline_expired",
    });
    const early = await pay(approved, requirements, { now: () => now + 3_600 });
    expect(await facilitator.verify({ payload: early, requirements })).toMatchObject({
      invalidReason: "permit2_not_yet_valid",
    });
  });

  it("refuses a maximum other than the requirements' at verification", async () => {
    const payload = await pay(approved, { ...requirements, amount: "999999" });
    expect(await facilitator.verify({ payload, requirements })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_permit2_amount_mismatch",
    });
  });
});

describe("upto on the local chain: eip2612GasSponsoring", () => {
  const offered = {
    eip2612GasSponsoring: { info: { description: "gasless Permit2 approval", version: "1" } },
  };

  it("the client signs an EIP-2612 permit when the 402 offers it and the allowance is missing", async () => {
    const client = uptoEvmClient({ account: unapproved.account, publicClient: chain.publicClient });
    const created = await client.createPaymentPayload({ requirements, extensions: offered });
    const deadline = (created.payload as { permit2Authorization: { deadline: string } }).permit2Authorization
      .deadline;
    expect(created.extensions).toEqual({
      eip2612GasSponsoring: {
        info: {
          from: unapproved.address,
          asset: chain.permit2Token.address,
          spender: permit2Address,
          amount: maximum.toString(),
          nonce: "0",
          deadline,
          signature: expect.stringMatching(/^0x[0-9a-f]{130}$/),
          version: "1",
        },
      },
    });
    // Not without the offer, and not for a payer who approved Permit2.
    expect((await client.createPaymentPayload({ requirements })).extensions).toBeUndefined();
    const approvedClient = uptoEvmClient({ account: approved.account, publicClient: chain.publicClient });
    expect(
      (await approvedClient.createPaymentPayload({ requirements, extensions: offered })).extensions,
    ).toBeUndefined();
  });

  it("settles for a payer without an allowance through settleWithPermit", async () => {
    const client = uptoEvmClient({ account: unapproved.account, publicClient: chain.publicClient });
    const created = await client.createPaymentPayload({ requirements, extensions: offered });
    const sponsored: PaymentPayload = {
      x402Version: 2,
      accepted: requirements,
      payload: created.payload,
      ...(created.extensions ? { extensions: created.extensions } : {}),
    };
    expect(await facilitator.verify({ payload: sponsored, requirements })).toMatchObject({ isValid: true });
    // A permit for another token is refused.
    const sponsoring = created.extensions?.eip2612GasSponsoring as
      | { info: Record<string, string> }
      | undefined;
    const info = { ...sponsoring?.info };
    const forged = {
      ...sponsored,
      extensions: { eip2612GasSponsoring: { info: { ...info, asset: chain.usdc.address } } },
    };
    expect(await facilitator.verify({ payload: forged, requirements })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_payload",
    });
    const before = await balances(unapproved);
    expect(await settleFor(sponsored, 400_000n)).toMatchObject({ success: true, amount: "400000" });
    const after = await balances(unapproved);
    expect(before.buyer - after.buyer).toBe(400_000n);
    expect(after.seller - before.seller).toBe(400_000n);
  });
});
