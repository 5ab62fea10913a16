import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { mockSmartWalletAbi, mockSmartWalletBytecode } from "@x402kit/contracts";
import { createMemoryStore, createResourceServer, type SchemePaymentParameters } from "@x402kit/core";
import { exactPermit2ProxyAddress, signPermit2Authorization } from "@x402kit/evm";
import { createFacilitator } from "@x402kit/facilitator";
import { startTestChain, type TestChainWithPermit2 } from "@x402kit/testchain";
import type { PaymentRequirements } from "@x402kit/types";
import {
  type Address,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  type LocalAccount,
  maxUint256,
  parseEther,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BatchSettlementEvmClientParameters,
  batchSettlementEvmClient,
} from "../src/client/batchSettlementEvmClient.js";
import type { VoucherSigner } from "../src/client/signVoucher.js";
import {
  depositWitnessName,
  depositWitnessType,
  permit2DepositCollectorAddress,
  zeroAddress,
} from "../src/constants.js";
import {
  type BatchSettlementEvmFacilitatorReturnType,
  batchSettlementEvmFacilitator,
} from "../src/facilitator/batchSettlementEvmFacilitator.js";
import { readChannelState } from "../src/facilitator/readChannelState.js";
import type { ClientPayload, Permit2DepositAuthorization } from "../src/schemas.js";
import { batchSettlementEvmServer } from "../src/server/batchSettlementEvmServer.js";
import { createChannelManager } from "../src/server/createChannelManager.js";
import {
  broadcasts,
  channelRequirements,
  claimPayload,
  openChannel,
  serverPayment,
} from "./channelFixture.js";

// Deposits through Permit2 (assetTransferMethod "permit2") on one chain with Permit2, the escrow and both collectors
// at their canonical addresses, in MockERC20Permit: a token without EIP-3009, the case Permit2 is for. The first test
// runs the whole path through core's engine (client wrapFetch, resource server, facilitator); the second, each
// refusal at the facilitator, which must spend nothing; the third, an EIP-2612 permit instead of an approval; the
// last, a smart-wallet payer (EIP-1271). About 6 s, most of it the chain's start.
let chain: TestChainWithPermit2;
let scheme: BatchSettlementEvmFacilitatorReturnType;
let token: Address;
let requirements: PaymentRequirements;
const authorizer = privateKeyToAccount(generatePrivateKey());
const price = 1_000n;

beforeAll(async () => {
  chain = (await startTestChain({ buyers: 3, permit2: true })) as TestChainWithPermit2;
  token = chain.permit2Token.address;
  scheme = batchSettlementEvmFacilitator({
    networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account } },
    pollingIntervalMs: 50,
  });
  requirements = channelRequirements(chain, authorizer.address, {
    asset: token,
    extra: {
      receiverAuthorizer: authorizer.address,
      withdrawDelay: 900,
      name: chain.permit2Token.name,
      version: chain.permit2Token.version,
      assetTransferMethod: "permit2",
    },
  });
  // Buyers 0 and 1 approve Permit2 once; buyer 2 never does.
  for (const buyer of chain.accounts.buyers.slice(0, 2)) await chain.permit2.approve(buyer, { token });
});

afterAll(async () => {
  await chain?.stop();
});

const balance = (owner: Address) => chain.balanceOf(token, owner);

/** GET /report, paid over a batch-settlement channel through core's engine and an in-process facilitator. */
function paidRoute() {
  const seller = chain.accounts.seller.address;
  const facilitator = createFacilitator({ schemes: [scheme] });
  const store = createMemoryStore();
  const server = createResourceServer({
    routes: {
      "GET /report": {
        accepts: {
          scheme: "batch-settlement",
          network: chain.network,
          price: { amount: price.toString(), asset: token, extra: requirements.extra },
          payTo: seller,
        },
      },
    },
    schemes: [batchSettlementEvmServer({ store, receiverAuthorizer: authorizer })],
    facilitator,
  });
  async function handle(request: Request): Promise<Response> {
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const result = await server.processRequest({ method: request.method, url: request.url, header });
    if (result.type === "pass") return new Response("not found", { status: 404 });
    if (result.type === "respond") return new Response(result.response.body, result.response);
    const outcome = await result.payment.settle({ status: 200 });
    if (outcome.type === "respond") return new Response(outcome.response.body, outcome.response);
    return Response.json({ report: "paid" }, { headers: outcome.headers });
  }
  return { facilitator, store, handle };
}

/**
 * Six paid requests from `payer` (a Permit2 deposit of 5 prices with the first voucher, 4 vouchers, a top-up with the
 * 6th), then the server's claim and sweep: every balance checked to the unit.
 */
async function payOverChannelThenClaim(
  payer: BatchSettlementEvmClientParameters["account"],
  voucherSigner?: VoucherSigner,
) {
  const seller = chain.accounts.seller.address;
  const { facilitator, store, handle } = paidRoute();
  const client = createX402Client({
    schemes: [
      batchSettlementEvmClient({
        account: payer,
        voucherSigner,
        publicClients: { [chain.network]: chain.publicClient },
      }),
    ],
  });
  const paidFetch = wrapFetch((input, init) => handle(new Request(input, init)), client);
  const [payerBefore, sellerBefore, escrowBefore] = [
    await balance(payer.address),
    await balance(seller),
    await balance(chain.batchSettlement.escrow),
  ];

  // 5 requests: a Permit2 deposit of 5 prices with the first voucher, then 4 vouchers; the 6th tops up.
  const transactions: string[] = [];
  for (let i = 0; i < 6; i++) {
    const response = await paidFetch("http://localhost/report");
    expect(response.status).toBe(200);
    transactions.push(getPaymentReceipt(response)?.transaction ?? "?");
  }
  expect(transactions.map((hash) => hash !== "")).toEqual([true, false, false, false, false, true]);
  expect(await balance(payer.address)).toBe(payerBefore - 10n * price);
  expect(await balance(chain.batchSettlement.escrow)).toBe(escrowBefore + 10n * price);
  expect(await balance(permit2DepositCollectorAddress)).toBe(0n);

  const manager = createChannelManager({
    store,
    facilitator,
    network: chain.network,
    payTo: seller,
    asset: token,
    authorizer,
  });
  const { claim, settle } = await manager.claimAndSettle();
  expect(claim.channels).toBe(1);
  expect(settle).toMatchObject({ success: true, amount: (6n * price).toString() });
  expect(await balance(seller)).toBe(sellerBefore + 6n * price);
  expect(await balance(payer.address)).toBe(payerBefore - 10n * price);
  expect(await balance(chain.batchSettlement.escrow)).toBe(escrowBefore + 4n * price);
}

/** Verify and settle must both refuse it with `reason`, before any transaction. */
async function refused(payment: SchemePaymentParameters, reason: string) {
  const gas = chain.accounts.facilitator.address;
  const [nonceBefore, ethBefore] = [
    await chain.publicClient.getTransactionCount({ address: gas }),
    await chain.publicClient.getBalance({ address: gas }),
  ];
  const verified = await scheme.verify(payment);
  expect(verified).toMatchObject({ isValid: false, invalidReason: reason });
  expect(verified.invalidMessage).toBeTruthy();
  const sent = broadcasts();
  expect(await scheme.settle(payment, sent.context)).toMatchObject({
    success: false,
    errorReason: reason,
    transaction: "",
  });
  expect(sent.hashes).toEqual([]);
  expect(await chain.publicClient.getTransactionCount({ address: gas })).toBe(nonceBefore);
  expect(await chain.publicClient.getBalance({ address: gas })).toBe(ethBefore);
}

describe("batch-settlement: a Permit2 deposit", () => {
  it("opens a channel, serves vouchers over it, tops up, and the claim and sweep pay the receiver to the unit", async () => {
    await payOverChannelThenClaim(chain.accounts.buyers[0]!.account);
  });
});

describe("batch-settlement: Permit2 deposits the facilitator refuses, spending nothing", () => {
  /** The payer's own signature over the authorization as changed (spender, witness), as a client would send it. */
  async function resign(
    payer: LocalAccount,
    authorization: Permit2DepositAuthorization,
    spender: Address,
    channelId: Hex,
  ): Promise<Permit2DepositAuthorization> {
    const { signature, permit2Authorization } = await signPermit2Authorization({
      account: payer,
      chainId: chain.chainId,
      permitted: { token, amount: BigInt(authorization.permitted.amount) },
      spender,
      deadline: BigInt(authorization.deadline),
      witness: { channelId },
      witnessType: depositWitnessType,
      witnessName: depositWitnessName,
    });
    return { ...permit2Authorization, signature };
  }

  it("refuses a bad signature, a wrong spender or witness, an expired deadline, a missing allowance and a replayed nonce", async () => {
    const payer = chain.accounts.buyers[1]!.account;
    const channel = openChannel(chain, payer, requirements);
    const payment = async (change?: (a: Permit2DepositAuthorization) => Permit2DepositAuthorization) =>
      channel.payment(await channel.permit2Deposit(5_000n, price, change));
    const authorizationOf = (payload: ClientPayload) =>
      (payload as Extract<ClientPayload, { type: "deposit" }>).deposit.authorization.permit2Authorization!;

    // Signed by someone else, for the payer.
    const stranger = privateKeyToAccount(generatePrivateKey());
    const foreign = authorizationOf(
      await openChannel(chain, stranger, requirements).permit2Deposit(5_000n, price),
    );
    await refused(
      await payment((a) => ({ ...a, signature: foreign.signature })),
      "invalid_batch_settlement_evm_permit2_invalid_signature",
    );
    // Signed by the payer, but for exact's Permit2 proxy as spender, or for another channel.
    const signed = authorizationOf(await channel.permit2Deposit(5_000n, price));
    const wrongSpender = await resign(payer, signed, exactPermit2ProxyAddress, channel.channelId);
    await refused(await payment(() => wrongSpender), "invalid_batch_settlement_evm_permit2_invalid_spender");
    const otherChannel = openChannel(chain, payer, requirements).channelId;
    const wrongWitness = await resign(payer, signed, permit2DepositCollectorAddress, otherChannel);
    await refused(await payment(() => wrongWitness), "invalid_batch_settlement_evm_channel_id_mismatch");
    // A deadline that passed (the signature is the payer's, over that deadline).
    const expired = await resign(
      payer,
      { ...signed, deadline: ((await chain.now()) - 1n).toString() },
      permit2DepositCollectorAddress,
      channel.channelId,
    );
    await refused(await payment(() => expired), "invalid_batch_settlement_evm_permit2_deadline_expired");
    // A deposit of another amount than the authorization's.
    await refused(
      await payment((a) => ({ ...a, permitted: { ...a.permitted, amount: "4999" } })),
      "invalid_batch_settlement_evm_permit2_amount_mismatch",
    );
    // The requirements ask for Permit2; an EIP-3009 authorization is not what they ask for.
    await refused(
      channel.payment(await channel.deposit(5_000n, price)),
      "invalid_batch_settlement_evm_permit2_authorization_required",
    );
    // A payer that never approved Permit2.
    const unapproved = chain.accounts.buyers[2]!.account;
    const fresh = openChannel(chain, unapproved, requirements);
    await refused(
      fresh.payment(await fresh.permit2Deposit(5_000n, price)),
      "invalid_batch_settlement_evm_permit2_allowance_required",
    );

    // The same deposit twice: the first goes through, the second's Permit2 nonce is spent.
    const once = await payment();
    expect(await scheme.settle(once, broadcasts().context)).toMatchObject({ success: true, amount: "5000" });
    expect(
      await readChannelState({ client: chain.publicClient, channelId: channel.channelId }),
    ).toMatchObject({
      balance: 5_000n,
    });
    await refused(once, "invalid_batch_settlement_evm_deposit_simulation_failed");
    expect((await scheme.verify(once)).invalidMessage).toMatch(/nonce .* already used/);
  });
});

describe("batch-settlement: a Permit2 deposit with eip2612GasSponsoring", () => {
  it("lets a payer without a Permit2 allowance deposit with an EIP-2612 permit, no approval transaction", async () => {
    const payer = chain.accounts.buyers[2]!.account; // never approved Permit2
    const client = batchSettlementEvmClient({
      account: payer,
      publicClients: { [chain.network]: chain.publicClient },
    });
    const created = await client.createPaymentPayload({
      requirements,
      extensions: { eip2612GasSponsoring: {} },
    });
    expect(created.extensions).toHaveProperty("eip2612GasSponsoring.info.spender");
    const payment = {
      payload: { x402Version: 2 as const, accepted: requirements, ...created },
      requirements,
    };
    const before = await balance(payer.address);
    expect(await scheme.verify(payment)).toMatchObject({ isValid: true });
    expect(await scheme.settle(payment, broadcasts().context)).toMatchObject({
      success: true,
      amount: (5n * price).toString(),
    });
    expect(await balance(payer.address)).toBe(before - 5n * price);
  });
});

// A payer that is a contract wallet (MockSmartWallet, EIP-1271, owned by an EOA that signs for it). Permit2 asks the
// wallet whether the deposit's signature is its own; so does the escrow for vouchers when the channel's
// payerAuthorizer is zero (verification rule 6).
describe("batch-settlement: a Permit2 deposit from a smart wallet (EIP-1271)", () => {
  const owner = privateKeyToAccount(generatePrivateKey());
  let wallet: Address;
  /** Signs as the wallet's owner, on the wallet's behalf. */
  let walletSigner: LocalAccount;

  beforeAll(async () => {
    await chain.testClient.setBalance({ address: owner.address, value: parseEther("1") });
    wallet = await chain.deploy({
      abi: mockSmartWalletAbi,
      bytecode: mockSmartWalletBytecode,
      args: [owner.address],
    });
    await chain.mint(wallet, 1_000_000n, token);
    // The wallet approves Permit2 once, through its owner.
    const hash = await chain.walletClient(owner).writeContract({
      address: wallet,
      abi: mockSmartWalletAbi,
      functionName: "execute",
      args: [
        token,
        0n,
        encodeFunctionData({
          abi: erc20Abi,
          functionName: "approve",
          args: [chain.permit2.address, maxUint256],
        }),
      ],
    });
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    walletSigner = { ...owner, address: wallet };
  });

  it("pays over a channel whose deposit the wallet signed, vouchers by its owner's key, claimed to the unit", async () => {
    expect(await chain.publicClient.getCode({ address: wallet })).not.toBe(undefined);
    await payOverChannelThenClaim(walletSigner, owner);
  });

  it("checks vouchers against the wallet itself when payerAuthorizer is zero, through verify, claim and sweep", async () => {
    const seller = chain.accounts.seller.address;
    const [walletBefore, sellerBefore] = [await balance(wallet), await balance(seller)];
    const channel = openChannel(chain, walletSigner, requirements, { payerAuthorizer: zeroAddress });
    const deposit = channel.payment(await channel.permit2Deposit(5_000n, price));
    expect(await scheme.verify(deposit)).toMatchObject({ isValid: true, payer: wallet });
    expect(await scheme.settle(deposit, broadcasts().context)).toMatchObject({
      success: true,
      amount: "5000",
    });
    expect(await balance(wallet)).toBe(walletBefore - 5_000n);

    // The owner's voucher is the wallet's; a stranger's is not (EIP-1271 says no).
    expect(await scheme.verify(channel.payment(await channel.voucherPayload(3_000n)))).toMatchObject({
      isValid: true,
    });
    const stranger = privateKeyToAccount(generatePrivateKey());
    const forged = {
      type: "voucher" as const,
      channelConfig: channel.config,
      voucher: await channel.voucher(3_000n, stranger),
    };
    expect(await scheme.verify(channel.payment(forged))).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_voucher_signature",
    });

    // The escrow checks the claimed voucher through the wallet too.
    const rows = [await channel.claimRow(3_000n)];
    const claim = serverPayment(chain, await claimPayload(chain, rows, authorizer));
    expect(await scheme.settle(claim, broadcasts().context)).toMatchObject({ success: true });
    expect(
      await readChannelState({ client: chain.publicClient, channelId: channel.channelId }),
    ).toMatchObject({
      balance: 5_000n,
      totalClaimed: 3_000n,
    });
    const sweep = serverPayment(chain, { type: "settle", receiver: seller, token }, seller);
    expect(await scheme.settle(sweep, broadcasts().context)).toMatchObject({ success: true, amount: "3000" });
    expect(await balance(seller)).toBe(sellerBefore + 3_000n);
    expect(await balance(wallet)).toBe(walletBefore - 5_000n);
  });

  it("refuses a deposit signed for the wallet by a key it does not accept, spending nothing", async () => {
    const stranger = privateKeyToAccount(generatePrivateKey());
    // Vouchers by the stranger's own key (its EOA as payerAuthorizer) are fine: only the deposit's signature is wrong.
    const impostor = openChannel(chain, { ...stranger, address: wallet }, requirements, {
      payerAuthorizer: stranger.address,
    });
    const payment = impostor.payment(await impostor.permit2Deposit(5_000n, price));
    await refused(payment, "invalid_batch_settlement_evm_permit2_invalid_signature");
    expect((await scheme.verify(payment)).invalidMessage).toMatch(/EIP-1271/);
  });
});
