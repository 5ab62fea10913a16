import {
  type Address,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  type Hex,
  hashTypedData,
  keccak256,
  type LocalAccount,
  type PrivateKeyAccount,
  toHex,
  zeroAddress,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  erc3009DepositCollectorAbi,
  erc3009DepositCollectorAddress,
  erc3009DepositCollectorDeployedBytecode,
  mockSmartWalletAbi,
  mockSmartWalletBytecode,
  mockUsdcAbi,
  mockUsdcBytecode,
  x402BatchSettlementAbi,
  x402BatchSettlementAddress,
  x402BatchSettlementDeployedBytecode,
} from "../src/index.js";
import {
  batchSettlementDomain,
  type ChannelConfig,
  channelConfigType,
  channelId,
} from "./utils/channelId.js";
import { type ConnectChainReturnType, connectChain } from "./utils/connectChain.js";
import { revertName } from "./utils/revertName.js";
import { signAuthorization } from "./utils/signAuthorization.js";

// Accounts: 0 deployer, 1 payer, 2 receiver, 3 relayer (facilitator), 4 receiver authorizer, 5 stranger.
let chain: ConnectChainReturnType;
let usdc: { address: Address; name: string; version: string };
let payer: LocalAccount;
let receiver: LocalAccount;
let relayer: LocalAccount;
let authorizer: LocalAccount;
let stranger: LocalAccount;

const escrow = x402BatchSettlementAddress;
const domain = batchSettlementDomain;
const types = {
  ChannelConfig: channelConfigType,
  Voucher: [
    { name: "channelId", type: "bytes32" },
    { name: "maxClaimableAmount", type: "uint128" },
  ],
  Refund: [
    { name: "channelId", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "amount", type: "uint128" },
  ],
  ClaimBatch: [{ name: "claims", type: "ClaimEntry[]" }],
  ClaimEntry: [
    { name: "channelId", type: "bytes32" },
    { name: "maxClaimableAmount", type: "uint128" },
    { name: "totalClaimed", type: "uint128" },
  ],
} as const;

type Config = ChannelConfig;
type Claim = {
  voucher: { channel: Config; maxClaimableAmount: bigint };
  signature: Hex;
  totalClaimed: bigint;
};

beforeAll(async () => {
  chain = await connectChain();
  [, payer, receiver, relayer, authorizer, stranger] = chain.accounts as unknown as [
    LocalAccount,
    LocalAccount,
    LocalAccount,
    LocalAccount,
    LocalAccount,
    LocalAccount,
  ];
  const address = await chain.deploy(chain.accounts[0]!, mockUsdcAbi, mockUsdcBytecode, ["USD Coin", "2"]);
  usdc = { address: getAddress(address), name: "USD Coin", version: "2" };
  // Both contracts are placed at their canonical addresses, as on a local chain for interop.
  await chain.testClient.setCode({ address: escrow, bytecode: x402BatchSettlementDeployedBytecode });
  await chain.testClient.setCode({
    address: erc3009DepositCollectorAddress,
    bytecode: erc3009DepositCollectorDeployedBytecode,
  });
  await mint(payer.address, 1_000_000_000n);
});

afterAll(async () => {
  await chain?.close();
});

async function mint(to: Address, amount: bigint) {
  await send(chain.accounts[0]!, usdc.address, mockUsdcAbi, "mint", [to, amount]);
}

/** Sends a transaction and waits; throws (with the decoded revert) if the simulation reverts. */
async function send(
  from: LocalAccount | ConnectChainReturnType["accounts"][number],
  address: Address,
  abi: readonly unknown[],
  functionName: string,
  args: readonly unknown[],
) {
  const { request } = await chain.publicClient.simulateContract({
    account: from,
    address,
    abi,
    functionName,
    args,
  } as never);
  const hash = await chain.walletClient(from).writeContract(request as never);
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}

/** The escrow's ABI with the token's and the collector's errors, so that a revert from inside decodes. */
const escrowAbi = [
  ...x402BatchSettlementAbi,
  ...mockUsdcAbi.filter((item) => item.type === "error"),
  ...erc3009DepositCollectorAbi.filter((item) => item.type === "error"),
];

const call = (from: LocalAccount, functionName: string, args: readonly unknown[]) =>
  send(from, escrow, escrowAbi, functionName, args);

const read = <T>(functionName: string, args: readonly unknown[]) =>
  chain.publicClient.readContract({
    address: escrow,
    abi: x402BatchSettlementAbi,
    functionName,
    args,
  } as never) as Promise<T>;

const balanceOf = (owner: Address) =>
  chain.publicClient.readContract({
    address: usdc.address,
    abi: mockUsdcAbi,
    functionName: "balanceOf",
    args: [owner],
  });

const channelState = async (config: Config) => {
  const [balance, totalClaimed] = await read<[bigint, bigint]>("channels", [channelId(config)]);
  return { balance, totalClaimed };
};

let saltCounter = 0;
function newConfig(overrides: Partial<Config> = {}): Config {
  return {
    payer: payer.address,
    payerAuthorizer: payer.address,
    receiver: receiver.address,
    receiverAuthorizer: authorizer.address,
    token: usdc.address,
    withdrawDelay: 900,
    salt: toHex(++saltCounter, { size: 32 }),
    ...overrides,
  };
}

const signVoucher = (signer: LocalAccount, config: Config, maxClaimableAmount: bigint) =>
  signer.signTypedData({
    domain,
    types,
    primaryType: "Voucher",
    message: { channelId: channelId(config), maxClaimableAmount },
  });

async function claimRow(config: Config, maxClaimableAmount: bigint, totalClaimed = maxClaimableAmount) {
  return {
    voucher: { channel: config, maxClaimableAmount },
    signature: await signVoucher(payer, config, maxClaimableAmount),
    totalClaimed,
  } satisfies Claim;
}

const signClaimBatch = (signer: LocalAccount, claims: Claim[]) =>
  signer.signTypedData({
    domain,
    types,
    primaryType: "ClaimBatch",
    message: {
      claims: claims.map((c) => ({
        channelId: channelId(c.voucher.channel),
        maxClaimableAmount: c.voucher.maxClaimableAmount,
        totalClaimed: c.totalClaimed,
      })),
    },
  });

const signRefund = (signer: LocalAccount, config: Config, nonce: bigint, amount: bigint) =>
  signer.signTypedData({
    domain,
    types,
    primaryType: "Refund",
    message: { channelId: channelId(config), nonce, amount },
  });

/** The payer's EIP-3009 ReceiveWithAuthorization to the collector, bound to the channel by its nonce. */
async function depositData(
  config: Config,
  amount: bigint,
  options: { boundTo?: Config; signer?: LocalAccount } = {},
) {
  const salt = BigInt(keccak256(toHex(`deposit-${++saltCounter}`)));
  const now = (await chain.publicClient.getBlock()).timestamp;
  const validBefore = now + 3600n;
  const nonce = keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "uint256" }],
      [channelId(options.boundTo ?? config), salt],
    ),
  );
  const { signature } = await signAuthorization({
    signer: options.signer ?? payer,
    token: usdc,
    primaryType: "ReceiveWithAuthorization",
    message: {
      from: config.payer,
      to: erc3009DepositCollectorAddress,
      value: amount,
      validAfter: 0n,
      validBefore,
      nonce,
    },
  });
  return encodeAbiParameters(
    [{ type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "bytes" }],
    [0n, validBefore, salt, signature],
  );
}

async function deposit(config: Config, amount: bigint) {
  return call(relayer, "deposit", [
    config,
    amount,
    erc3009DepositCollectorAddress,
    await depositData(config, amount),
  ]);
}

async function increaseTime(seconds: number) {
  await chain.testClient.increaseTime({ seconds });
  await chain.testClient.mine({ blocks: 1 });
}

describe("X402BatchSettlement: ids and digests", () => {
  it("computes the channel id, voucher, refund and claim-batch digests as EIP-712 under its domain", async () => {
    const config = newConfig();
    expect(await read("getChannelId", [config])).toBe(channelId(config));
    expect(await read("getVoucherDigest", [channelId(config), 5n])).toBe(
      hashTypedData({
        domain,
        types,
        primaryType: "Voucher",
        message: { channelId: channelId(config), maxClaimableAmount: 5n },
      }),
    );
    expect(await read("getRefundDigest", [channelId(config), 2n, 7n])).toBe(
      hashTypedData({
        domain,
        types,
        primaryType: "Refund",
        message: { channelId: channelId(config), nonce: 2n, amount: 7n },
      }),
    );
    const rows = [await claimRow(config, 10n, 4n), await claimRow(newConfig(), 3n)];
    expect(await read("getClaimBatchDigest", [rows])).toBe(
      hashTypedData({
        domain,
        types,
        primaryType: "ClaimBatch",
        message: {
          claims: rows.map((c) => ({
            channelId: channelId(c.voucher.channel),
            maxClaimableAmount: c.voucher.maxClaimableAmount,
            totalClaimed: c.totalClaimed,
          })),
        },
      }),
    );
  });
});

describe("X402BatchSettlement: deposits", () => {
  it("creates the channel on the first deposit and adds top-ups, pulling exactly the amount from the payer", async () => {
    const config = newConfig();
    const before = await balanceOf(payer.address);
    const receipt = await deposit(config, 1_000n);
    const created = await chain.publicClient.getContractEvents({
      address: escrow,
      abi: x402BatchSettlementAbi,
      eventName: "ChannelCreated",
      blockHash: receipt.blockHash,
    });
    expect(created.map((e) => e.args.channelId)).toEqual([channelId(config)]);
    await deposit(config, 500n);
    expect(await channelState(config)).toEqual({ balance: 1_500n, totalClaimed: 0n });
    expect(await balanceOf(payer.address)).toBe(before - 1_500n);
    expect(await balanceOf(erc3009DepositCollectorAddress)).toBe(0n);
  });

  it("refuses an authorization bound to another channel, a replayed authorization, and a bad config", async () => {
    const config = newConfig();
    const other = newConfig();
    const wrongChannel = await depositData(config, 100n, { boundTo: other });
    expect(
      await revertName(() =>
        call(relayer, "deposit", [config, 100n, erc3009DepositCollectorAddress, wrongChannel]),
      ),
    ).toBe("ERC3009InvalidSignature");

    const data = await depositData(config, 100n);
    await call(relayer, "deposit", [config, 100n, erc3009DepositCollectorAddress, data]);
    expect(
      await revertName(() => call(relayer, "deposit", [config, 100n, erc3009DepositCollectorAddress, data])),
    ).toBe("ERC3009UsedAuthorization");
    expect(
      await revertName(() => call(relayer, "deposit", [config, 0n, erc3009DepositCollectorAddress, data])),
    ).toBe("ZeroAmount");
    const short = newConfig({ withdrawDelay: 899 });
    expect(
      await revertName(async () =>
        call(relayer, "deposit", [
          short,
          100n,
          erc3009DepositCollectorAddress,
          await depositData(short, 100n),
        ]),
      ),
    ).toBe("WithdrawDelayOutOfRange");
    const long = newConfig({ withdrawDelay: 30 * 86400 + 1 });
    expect(
      await revertName(async () =>
        call(relayer, "deposit", [long, 100n, erc3009DepositCollectorAddress, await depositData(long, 100n)]),
      ),
    ).toBe("WithdrawDelayOutOfRange");
    const noAuthorizer = newConfig({ receiverAuthorizer: zeroAddress });
    expect(
      await revertName(async () =>
        call(relayer, "deposit", [
          noAuthorizer,
          100n,
          erc3009DepositCollectorAddress,
          await depositData(noAuthorizer, 100n),
        ]),
      ),
    ).toBe("InvalidChannelConfig");
    expect(await channelState(config)).toEqual({ balance: 100n, totalClaimed: 0n });
  });

  it("lets only the escrow call the collector", async () => {
    const config = newConfig();
    const data = await depositData(config, 100n);
    expect(
      await revertName(() =>
        send(stranger, erc3009DepositCollectorAddress, erc3009DepositCollectorAbi, "collect", [
          payer.address,
          usdc.address,
          100n,
          channelId(config),
          data,
        ]),
      ),
    ).toBe("OnlyBatchSettlement");
  });
});

describe("X402BatchSettlement: claims and settlement", () => {
  it("claims cumulative vouchers of many channels in one signed batch, once, and settles the receiver in one transfer", async () => {
    const a = newConfig();
    const b = newConfig();
    await deposit(a, 1_000n);
    await deposit(b, 1_000n);
    const receiverBefore = await balanceOf(receiver.address);

    const first = [await claimRow(a, 300n), await claimRow(b, 200n)];
    await call(relayer, "claimWithSignature", [first, await signClaimBatch(authorizer, first)]);
    expect(await channelState(a)).toEqual({ balance: 1_000n, totalClaimed: 300n });
    expect(await read("receivers", [receiver.address, usdc.address])).toEqual([500n, 0n]);

    // The same claim again credits nothing (double claim); a later voucher credits only the difference.
    await call(relayer, "claimWithSignature", [first, await signClaimBatch(authorizer, first)]);
    expect(await read("receivers", [receiver.address, usdc.address])).toEqual([500n, 0n]);
    const later = [await claimRow(a, 450n)];
    await call(receiver, "claim", [later]);
    expect(await channelState(a)).toEqual({ balance: 1_000n, totalClaimed: 450n });

    // An older voucher after a newer one is a no-op too.
    const stale = [await claimRow(a, 300n)];
    await call(relayer, "claimWithSignature", [stale, await signClaimBatch(authorizer, stale)]);
    expect((await channelState(a)).totalClaimed).toBe(450n);

    const settled = await call(stranger, "settle", [receiver.address, usdc.address]);
    const [event] = await chain.publicClient.getContractEvents({
      address: escrow,
      abi: x402BatchSettlementAbi,
      eventName: "Settled",
      blockHash: settled.blockHash,
    });
    expect(event?.args).toMatchObject({
      receiver: receiver.address,
      token: usdc.address,
      sender: stranger.address,
      amount: 650n,
    });
    expect(await balanceOf(receiver.address)).toBe(receiverBefore + 650n);
    // Nothing left: a second settle moves 0.
    await call(stranger, "settle", [receiver.address, usdc.address]);
    expect(await balanceOf(receiver.address)).toBe(receiverBefore + 650n);
    expect(await read("receivers", [receiver.address, usdc.address])).toEqual([650n, 650n]);
  });

  it("refuses a claim beyond the deposit, beyond the voucher, with a forged voucher, or by an outsider", async () => {
    const config = newConfig();
    await deposit(config, 1_000n);
    const beyondDeposit = [await claimRow(config, 1_001n)];
    expect(
      await revertName(async () =>
        call(relayer, "claimWithSignature", [beyondDeposit, await signClaimBatch(authorizer, beyondDeposit)]),
      ),
    ).toBe("ClaimExceedsBalance");
    const beyondVoucher = [await claimRow(config, 100n, 101n)];
    expect(await revertName(() => call(receiver, "claim", [beyondVoucher]))).toBe("ClaimExceedsVoucher");
    const forged = [
      { ...(await claimRow(config, 100n)), signature: await signVoucher(stranger, config, 100n) },
    ];
    expect(await revertName(() => call(receiver, "claim", [forged]))).toBe("InvalidVoucherSignature");
    const good = [await claimRow(config, 100n)];
    expect(await revertName(() => call(stranger, "claim", [good]))).toBe("Unauthorized");
    expect(
      await revertName(async () =>
        call(relayer, "claimWithSignature", [good, await signClaimBatch(stranger, good)]),
      ),
    ).toBe("InvalidAuthorizerSignature");
    // the authorizer signed 100; relaying 99 changes the signed batch
    const signed = await signClaimBatch(authorizer, good);
    expect(
      await revertName(() =>
        call(relayer, "claimWithSignature", [[{ ...good[0]!, totalClaimed: 99n }], signed]),
      ),
    ).toBe("InvalidAuthorizerSignature");
    const mixed = [good[0]!, await claimRow(newConfig({ receiverAuthorizer: stranger.address }), 1n)];
    expect(
      await revertName(async () =>
        call(relayer, "claimWithSignature", [mixed, await signClaimBatch(authorizer, mixed)]),
      ),
    ).toBe("AuthorizerMismatch");
    expect(await channelState(config)).toEqual({ balance: 1_000n, totalClaimed: 0n });
  });

  it("checks a smart wallet's voucher through EIP-1271 when the payer authorizer is zero", async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const wallet = await chain.deploy(chain.accounts[0]!, mockSmartWalletAbi, mockSmartWalletBytecode, [
      owner.address,
    ]);
    const config = newConfig({ payer: wallet, payerAuthorizer: zeroAddress });
    await mint(wallet, 1_000n);
    // The wallet signs ReceiveWithAuthorization through EIP-1271: its owner signs the token's digest itself.
    const data = await depositData(config, 1_000n, { signer: walletSigner(owner, wallet) });
    await call(relayer, "deposit", [config, 1_000n, erc3009DepositCollectorAddress, data]);
    const digest = await read<Hex>("getVoucherDigest", [channelId(config), 250n]);
    const row = {
      voucher: { channel: config, maxClaimableAmount: 250n },
      signature: await owner.sign({ hash: digest }),
      totalClaimed: 250n,
    };
    await call(receiver, "claim", [[row]]);
    expect(await channelState(config)).toEqual({ balance: 1_000n, totalClaimed: 250n });
  });
});

/** A LocalAccount-like signer for a MockSmartWallet: signs the EIP-712 digest with the owner's raw key. */
function walletSigner(owner: PrivateKeyAccount, wallet: Address): LocalAccount {
  return {
    ...owner,
    address: wallet,
    signTypedData: async (typed: Parameters<LocalAccount["signTypedData"]>[0]) =>
      owner.sign({ hash: hashTypedData(typed as never) }),
  } as LocalAccount;
}

describe("X402BatchSettlement: refunds", () => {
  it("refunds unclaimed escrow with the authorizer's signature, once per nonce, capped at what is unclaimed", async () => {
    const config = newConfig();
    await deposit(config, 1_000n);
    await call(receiver, "claim", [[await claimRow(config, 400n)]]);
    const payerBefore = await balanceOf(payer.address);

    const signed = await signRefund(authorizer, config, 0n, 100n);
    await call(relayer, "refundWithSignature", [config, 100n, 0n, signed]);
    expect(await channelState(config)).toEqual({ balance: 900n, totalClaimed: 400n });
    expect(await read("refundNonce", [channelId(config)])).toBe(1n);
    expect(await revertName(() => call(relayer, "refundWithSignature", [config, 100n, 0n, signed]))).toBe(
      "InvalidRefundNonce",
    );
    expect(
      await revertName(async () =>
        call(relayer, "refundWithSignature", [
          config,
          100n,
          1n,
          await signRefund(stranger, config, 1n, 100n),
        ]),
      ),
    ).toBe("InvalidAuthorizerSignature");

    // A direct refund by the receiver uses nonce 1, so a refund pre-signed for nonce 1 is dead.
    const presigned = await signRefund(authorizer, config, 1n, 50n);
    await call(receiver, "refund", [config, 50n]);
    expect(await revertName(() => call(relayer, "refundWithSignature", [config, 50n, 1n, presigned]))).toBe(
      "InvalidRefundNonce",
    );
    expect(await revertName(() => call(stranger, "refund", [config, 1n]))).toBe("Unauthorized");

    // Asking for more than is unclaimed returns exactly the unclaimed 450 and never the claimed 400.
    await call(relayer, "refundWithSignature", [
      config,
      10_000n,
      2n,
      await signRefund(authorizer, config, 2n, 10_000n),
    ]);
    expect(await channelState(config)).toEqual({ balance: 400n, totalClaimed: 400n });
    expect(await balanceOf(payer.address)).toBe(payerBefore + 600n);
    // Nothing left: the nonce still advances, nothing moves.
    await call(relayer, "refundWithSignature", [
      config,
      1n,
      3n,
      await signRefund(authorizer, config, 3n, 1n),
    ]);
    expect(await read("refundNonce", [channelId(config)])).toBe(4n);
    expect(await balanceOf(payer.address)).toBe(payerBefore + 600n);
    // The receiver's claimed 400 is still settled in full (with what earlier tests left unsettled).
    const receiverBefore = await balanceOf(receiver.address);
    const [claimed, settled] = await read<[bigint, bigint]>("receivers", [receiver.address, usdc.address]);
    expect(claimed - settled).toBeGreaterThanOrEqual(400n);
    await call(relayer, "settle", [receiver.address, usdc.address]);
    expect((await balanceOf(receiver.address)) - receiverBefore).toBe(claimed - settled);
  });

  it("claims and refunds in one multicall, and closes a channel that gave everything back", async () => {
    const config = newConfig();
    await deposit(config, 1_000n);
    const rows = [await claimRow(config, 300n)];
    const claimData = encodeFunctionData({
      abi: x402BatchSettlementAbi,
      functionName: "claimWithSignature",
      args: [rows, await signClaimBatch(authorizer, rows)],
    });
    const refundData = encodeFunctionData({
      abi: x402BatchSettlementAbi,
      functionName: "refundWithSignature",
      args: [config, 700n, 0n, await signRefund(authorizer, config, 0n, 700n)],
    });
    await call(relayer, "multicall", [[claimData, refundData]]);
    expect(await channelState(config)).toEqual({ balance: 300n, totalClaimed: 300n });

    const untouched = newConfig();
    await deposit(untouched, 200n);
    const receipt = await call(receiver, "refund", [untouched, 200n]);
    const closed = await chain.publicClient.getContractEvents({
      address: escrow,
      abi: x402BatchSettlementAbi,
      eventName: "ChannelClosed",
      blockHash: receipt.blockHash,
    });
    expect(closed.map((e) => e.args.channelId)).toEqual([channelId(untouched)]);
  });
});

describe("X402BatchSettlement: timed withdrawal", () => {
  it("lets the payer withdraw after the delay, while the receiver may still claim during it", async () => {
    const config = newConfig();
    await deposit(config, 1_000n);
    expect(await revertName(() => call(stranger, "initiateWithdraw", [config, 100n]))).toBe("Unauthorized");
    expect(await revertName(() => call(payer, "initiateWithdraw", [config, 1_001n]))).toBe(
      "WithdrawExceedsAvailable",
    );
    await call(payer, "initiateWithdraw", [config, 1_000n]);
    expect(await revertName(() => call(payer, "initiateWithdraw", [config, 1n]))).toBe(
      "WithdrawAlreadyPending",
    );
    const [, initiatedAt] = await read<[bigint, number]>("pendingWithdrawals", [channelId(config)]);
    expect(initiatedAt).toBeGreaterThan(0);
    expect(await revertName(() => call(payer, "finalizeWithdraw", [config]))).toBe("WithdrawNotReady");

    // During the grace period the receiver claims its voucher; the withdrawal then pays only what is unclaimed.
    await call(receiver, "claim", [[await claimRow(config, 350n)]]);
    await increaseTime(900);
    const payerBefore = await balanceOf(payer.address);
    await call(payer, "finalizeWithdraw", [config]);
    expect(await balanceOf(payer.address)).toBe(payerBefore + 650n);
    expect(await channelState(config)).toEqual({ balance: 350n, totalClaimed: 350n });
    expect(await read("pendingWithdrawals", [channelId(config)])).toEqual([0n, 0]);
    expect(await revertName(() => call(payer, "finalizeWithdraw", [config]))).toBe("NoPendingWithdrawal");
    // a voucher beyond what is left is refused
    expect(await revertName(async () => call(receiver, "claim", [[await claimRow(config, 351n)]]))).toBe(
      "ClaimExceedsBalance",
    );
  });

  it("shrinks a pending withdrawal by a cooperative refund, and cancels it when the refund covers it", async () => {
    const config = newConfig();
    await deposit(config, 1_000n);
    await call(payer, "initiateWithdraw", [config, 600n]);
    await call(receiver, "refund", [config, 200n]);
    expect((await read<[bigint, number]>("pendingWithdrawals", [channelId(config)]))[0]).toBe(400n);
    await call(receiver, "refund", [config, 400n]);
    expect(await read("pendingWithdrawals", [channelId(config)])).toEqual([0n, 0]);
    expect(await channelState(config)).toEqual({ balance: 400n, totalClaimed: 0n });
  });
});
