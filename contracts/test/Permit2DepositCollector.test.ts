import {
  type Address,
  encodeAbiParameters,
  type Hex,
  hexToBigInt,
  keccak256,
  type LocalAccount,
  maxUint256,
  toHex,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  mockErc20PermitAbi,
  mockErc20PermitBytecode,
  permit2Abi,
  permit2Address,
  permit2DepositCollectorAbi,
  permit2DepositCollectorAddress,
  permit2DepositCollectorDeployedBytecode,
  x402BatchSettlementAbi,
  x402BatchSettlementAddress,
  x402BatchSettlementDeployedBytecode,
  x402ExactPermit2ProxyAddress,
} from "../src/index.js";
import { type ChannelConfig, channelId } from "./utils/channelId.js";
import { type ConnectChainReturnType, connectChain } from "./utils/connectChain.js";
import { installPermit2 } from "./utils/installPermit2.js";
import { revertName } from "./utils/revertName.js";
import { signPermit2Witness } from "./utils/signPermit2.js";
import { signPermit2612 } from "./utils/signPermit2612.js";

// The Permit2 deposit collector of batch-settlement, with the escrow and Permit2 at their canonical addresses, on one
// in-process chain (about 2 s). The token is MockERC20Permit: an ERC-20 without EIP-3009, the case Permit2 is for.
// Accounts: 0 deployer, 1 payer (approved Permit2), 2 receiver, 3 relayer, 4 receiver authorizer, 5 payer without
// an allowance.
let chain: ConnectChainReturnType;
let token: Address;
let payer: LocalAccount;
let relayer: LocalAccount;
let unapproved: LocalAccount;
let receiver: Address;
let authorizer: Address;

const escrow = x402BatchSettlementAddress;
const collector = permit2DepositCollectorAddress;
// A revert from inside the deposit (the collector's, Permit2's) decodes with these.
const escrowAbi = [
  ...x402BatchSettlementAbi,
  ...permit2DepositCollectorAbi.filter((item) => item.type === "error"),
  ...permit2Abi.filter((item) => item.type === "error"),
];

type Config = ChannelConfig;

beforeAll(async () => {
  chain = await connectChain();
  const account = (index: number): LocalAccount => chain.accounts[index]!;
  [payer, relayer, unapproved] = [account(1), account(3), account(5)];
  receiver = account(2).address;
  authorizer = account(4).address;
  await installPermit2(chain);
  await chain.testClient.setCode({ address: escrow, bytecode: x402BatchSettlementDeployedBytecode });
  await chain.testClient.setCode({ address: collector, bytecode: permit2DepositCollectorDeployedBytecode });
  token = await chain.deploy(chain.accounts[0]!, mockErc20PermitAbi, mockErc20PermitBytecode, [
    "Permit Dollar",
    "PUSD",
  ]);
  for (const holder of [payer, unapproved])
    await write(chain.accounts[0]!, token, mockErc20PermitAbi, "mint", [holder.address, 1_000_000_000n]);
  await write(payer, token, mockErc20PermitAbi, "approve", [permit2Address, maxUint256]);
});

afterAll(async () => {
  await chain?.close();
});

async function write(
  account: LocalAccount,
  address: Address,
  abi: readonly unknown[],
  functionName: string,
  args: readonly unknown[],
) {
  const { request } = await chain.publicClient.simulateContract({
    account,
    address,
    abi,
    functionName,
    args,
  } as never);
  const hash = await chain.walletClient(account).writeContract(request as never);
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}

const balanceOf = (owner: Address) =>
  chain.publicClient.readContract({
    address: token,
    abi: mockErc20PermitAbi,
    functionName: "balanceOf",
    args: [owner],
  });
const now = async () => (await chain.publicClient.getBlock()).timestamp;

let saltCounter = 0;
const newConfig = (owner: LocalAccount = payer): Config => ({
  payer: owner.address,
  payerAuthorizer: owner.address,
  receiver,
  receiverAuthorizer: authorizer,
  token,
  withdrawDelay: 900,
  salt: toHex(++saltCounter, { size: 32 }),
});

type Permit = { amount: bigint; nonce: bigint; deadline: bigint; channelId: Hex; spender: Address };

/** The payer's `PermitWitnessTransferFrom` with the witness `DepositWitness(bytes32 channelId)`. */
const signDeposit = (signer: LocalAccount, permit: Permit): Promise<Hex> =>
  signPermit2Witness({
    signer,
    witnessName: "DepositWitness",
    witnessType: [{ name: "channelId", type: "bytes32" }],
    message: {
      permitted: { token, amount: permit.amount },
      spender: permit.spender,
      nonce: permit.nonce,
      deadline: permit.deadline,
      witness: { channelId: permit.channelId },
    },
  });

const collectorData = (nonce: bigint, deadline: bigint, signature: Hex, permit2612: Hex = "0x") =>
  encodeAbiParameters(
    [{ type: "uint256" }, { type: "uint256" }, { type: "bytes" }, { type: "bytes" }],
    [nonce, deadline, signature, permit2612],
  );

/** Signs a deposit of `amount` into `config` (any field overridden) and returns its `collectorData`. */
async function depositData(
  config: Config,
  amount: bigint,
  change: Partial<Permit> & { signer?: LocalAccount; permit2612?: Hex } = {},
) {
  const permit: Permit = {
    amount,
    nonce: hexToBigInt(keccak256(toHex(`nonce-${++saltCounter}`))),
    deadline: (await now()) + 300n,
    channelId: channelId(config),
    spender: collector,
    ...change,
  };
  const signature = await signDeposit(change.signer ?? payer, permit);
  return { permit, data: collectorData(permit.nonce, permit.deadline, signature, change.permit2612) };
}

const deposit = (config: Config, amount: bigint, data: Hex) =>
  write(relayer, escrow, escrowAbi, "deposit", [config, amount, collector, data]);

const channelBalance = async (config: Config) =>
  (
    (await chain.publicClient.readContract({
      address: escrow,
      abi: x402BatchSettlementAbi,
      functionName: "channels",
      args: [channelId(config)],
    })) as readonly bigint[]
  )[0];

describe("Permit2DepositCollector", () => {
  it("names its witness as the reference does", async () => {
    const read = (functionName: string) =>
      chain.publicClient.readContract({
        address: collector,
        abi: permit2DepositCollectorAbi,
        functionName,
      } as never);
    expect(await read("WITNESS_TYPE_STRING")).toBe(
      "DepositWitness witness)DepositWitness(bytes32 channelId)TokenPermissions(address token,uint256 amount)",
    );
    expect(await read("DEPOSIT_WITNESS_TYPEHASH")).toBe(
      keccak256(toHex("DepositWitness(bytes32 channelId)")),
    );
  });

  it("moves exactly the deposit from the payer to the escrow and funds the channel; the nonce is spent", async () => {
    const config = newConfig();
    const [payerBefore, escrowBefore] = [await balanceOf(payer.address), await balanceOf(escrow)];
    const { data } = await depositData(config, 1_000n);
    await deposit(config, 1_000n, data);
    expect(await channelBalance(config)).toBe(1_000n);
    expect(await balanceOf(payer.address)).toBe(payerBefore - 1_000n);
    expect(await balanceOf(escrow)).toBe(escrowBefore + 1_000n);
    expect(await balanceOf(collector)).toBe(0n);
    // The same signature again: Permit2's nonce is spent.
    expect(await revertName(() => deposit(config, 1_000n, data))).toBe("InvalidNonce");
    // A second authorization tops the channel up.
    await deposit(config, 500n, (await depositData(config, 500n)).data);
    expect(await channelBalance(config)).toBe(1_500n);
  });

  it("refuses a signature for another channel, amount, spender or signer, and an expired one", async () => {
    const config = newConfig();
    const other = channelId(newConfig());
    const refused = async (data: Hex, amount = 1_000n) => revertName(() => deposit(config, amount, data));
    expect(await refused((await depositData(config, 1_000n, { channelId: other })).data)).toBe(
      "InvalidSigner",
    );
    expect(await refused((await depositData(config, 999n)).data)).toBe("InvalidSigner");
    expect(await refused((await depositData(config, 1_000n)).data, 1_001n)).toBe("InvalidSigner");
    expect(
      await refused((await depositData(config, 1_000n, { spender: x402ExactPermit2ProxyAddress })).data),
    ).toBe("InvalidSigner");
    expect(await refused((await depositData(config, 1_000n, { signer: unapproved })).data)).toBe(
      "InvalidSigner",
    );
    expect(await refused((await depositData(config, 1_000n, { deadline: (await now()) - 1n })).data)).toBe(
      "SignatureExpired",
    );
    expect(await channelBalance(config)).toBe(0n);
  });

  it("takes calls from the escrow only", async () => {
    const config = newConfig();
    const { data } = await depositData(config, 1_000n);
    expect(
      await revertName(() =>
        write(relayer, collector, permit2DepositCollectorAbi, "collect", [
          payer.address,
          token,
          1_000n,
          channelId(config),
          data,
        ]),
      ),
    ).toBe("OnlyBatchSettlement");
  });

  it("submits an EIP-2612 permit for a payer without a Permit2 allowance, and refuses one for less", async () => {
    const config = newConfig(unapproved);
    const deadline = (await now()) + 300n;
    await expect(
      deposit(config, 1_000n, (await depositData(config, 1_000n, { signer: unapproved })).data),
    ).rejects.toThrow(/TRANSFER_FROM_FAILED/);
    const short = await encodedPermit2612(unapproved, 999n, deadline);
    const refused = await depositData(config, 1_000n, { signer: unapproved, permit2612: short });
    expect(await revertName(() => deposit(config, 1_000n, refused.data))).toBe("Permit2612AmountMismatch");
    const before = await balanceOf(unapproved.address);
    const permit2612 = await encodedPermit2612(unapproved, 1_000n, deadline);
    const { data } = await depositData(config, 1_000n, { signer: unapproved, permit2612 });
    await deposit(config, 1_000n, data);
    expect(await channelBalance(config)).toBe(1_000n);
    expect(await balanceOf(unapproved.address)).toBe(before - 1_000n);
  });
});

/** `abi.encode(value, deadline, v, r, s)` of the owner's EIP-2612 permit for Permit2. */
async function encodedPermit2612(owner: LocalAccount, value: bigint, deadline: bigint): Promise<Hex> {
  const permit = await signPermit2612({ chain, token, owner, value, deadline });
  return encodeAbiParameters(
    [{ type: "uint256" }, { type: "uint256" }, { type: "uint8" }, { type: "bytes32" }, { type: "bytes32" }],
    [permit.value, permit.deadline, permit.v, permit.r, permit.s],
  );
}
