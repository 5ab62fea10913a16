import {
  type Abi,
  type Address,
  type Hex,
  hashDomain,
  type LocalAccount,
  maxUint256,
  zeroAddress,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  mockErc20PermitAbi,
  mockErc20PermitBytecode,
  permit2Abi,
  permit2Address,
  x402ExactPermit2ProxyAbi,
  x402ExactPermit2ProxyAddress,
  x402UptoPermit2ProxyAbi,
  x402UptoPermit2ProxyAddress,
} from "../src/index.js";
import { type ConnectChainReturnType, connectChain } from "./utils/connectChain.js";
import { installPermit2 } from "./utils/installPermit2.js";
import { revertName } from "./utils/revertName.js";
import { type Permit2Message, signPermit2 } from "./utils/signPermit2.js";
import { signPermit2612 } from "./utils/signPermit2612.js";

// Accounts: 0 deployer, 1 buyer (approved Permit2), 2 seller, 3 facilitator, 4 stranger, 5 buyer without approval.
let chain: ConnectChainReturnType;
let token: Address;
let buyer: LocalAccount;
let seller: Address;
let facilitator: LocalAccount;
let stranger: LocalAccount;
let unapproved: LocalAccount;

// Proxy calls decode Permit2's errors too: they bubble up through the proxy.
const exactAbi = [...x402ExactPermit2ProxyAbi, ...permit2Abi] as const;
const uptoAbi = [...x402UptoPermit2ProxyAbi, ...permit2Abi] as const;

beforeAll(async () => {
  chain = await connectChain();
  const account = (index: number): LocalAccount => chain.accounts[index]!;
  [buyer, facilitator, stranger, unapproved] = [account(1), account(3), account(4), account(5)];
  seller = chain.accounts[2]!.address;
  await installPermit2(chain);
  token = await chain.deploy(chain.accounts[0]!, mockErc20PermitAbi, mockErc20PermitBytecode, [
    "Permit Dollar",
    "PUSD",
  ]);
  for (const holder of [buyer, unapproved])
    await write(chain.accounts[0]!, token, mockErc20PermitAbi, "mint", [holder.address, 1_000_000_000n]);
  await write(buyer, token, mockErc20PermitAbi, "approve", [permit2Address, maxUint256]);
});

afterAll(async () => {
  await chain?.close();
});

async function write(
  account: LocalAccount,
  address: Address,
  abi: Abi | readonly unknown[],
  functionName: string,
  args: readonly unknown[],
) {
  const hash = await chain.walletClient(account).writeContract({ address, abi, functionName, args } as never);
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

async function permit(
  scheme: "exact" | "upto",
  change: Partial<Omit<Permit2Message, "witness">> & { witness?: Partial<Permit2Message["witness"]> } = {},
  signer: LocalAccount = buyer,
) {
  const t = await now();
  return signPermit2({
    signer,
    scheme,
    message: {
      permitted: { token, amount: 1_000_000n },
      spender: scheme === "exact" ? x402ExactPermit2ProxyAddress : x402UptoPermit2ProxyAddress,
      deadline: t + 300n,
      ...change,
      witness: {
        to: seller,
        validAfter: t - 600n,
        ...(scheme === "upto" ? { facilitator: facilitator.address } : {}),
        ...change.witness,
      },
    },
  });
}

const permitArg = (m: Permit2Message) => ({ permitted: m.permitted, nonce: m.nonce, deadline: m.deadline });
const exactWitness = (m: Permit2Message) => ({ to: m.witness.to, validAfter: m.witness.validAfter });
const uptoWitness = (m: Permit2Message) => ({
  to: m.witness.to,
  facilitator: m.witness.facilitator!,
  validAfter: m.witness.validAfter,
});

const settleExact = (signed: { message: Permit2Message; signature: Hex }, owner: Address = buyer.address) =>
  write(facilitator, x402ExactPermit2ProxyAddress, exactAbi, "settle", [
    permitArg(signed.message),
    owner,
    exactWitness(signed.message),
    signed.signature,
  ]);

const settleUpto = (
  signed: { message: Permit2Message; signature: Hex },
  amount: bigint,
  { sender = facilitator, owner = buyer.address }: { sender?: LocalAccount; owner?: Address } = {},
) =>
  write(sender, x402UptoPermit2ProxyAddress, uptoAbi, "settle", [
    permitArg(signed.message),
    amount,
    owner,
    uptoWitness(signed.message),
    signed.signature,
  ]);

describe("Permit2 on the local chain", () => {
  it("computes its domain separator for the running chain", async () => {
    const separator = await chain.publicClient.readContract({
      address: permit2Address,
      abi: permit2Abi,
      functionName: "DOMAIN_SEPARATOR",
    });
    expect(separator).toBe(
      hashDomain({
        domain: { name: "Permit2", chainId: 31337n, verifyingContract: permit2Address },
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

  it("exposes Permit2's address and the witness types on the proxies", async () => {
    for (const [address, abi, witness] of [
      [x402ExactPermit2ProxyAddress, x402ExactPermit2ProxyAbi, "Witness(address to,uint256 validAfter)"],
      [
        x402UptoPermit2ProxyAddress,
        x402UptoPermit2ProxyAbi,
        "Witness(address to,address facilitator,uint256 validAfter)",
      ],
    ] as const) {
      const read = (functionName: "PERMIT2" | "WITNESS_TYPE_STRING") =>
        chain.publicClient.readContract({ address, abi, functionName } as never) as Promise<string>;
      expect(await read("PERMIT2")).toBe(permit2Address);
      expect(await read("WITNESS_TYPE_STRING")).toBe(
        `Witness witness)TokenPermissions(address token,uint256 amount)${witness}`,
      );
    }
  });
});

describe("MockERC20Permit", () => {
  it("is a 6-decimal ERC-20 with EIP-2612 and no EIP-3009", async () => {
    const read = <const fn extends "name" | "symbol" | "decimals" | "version">(functionName: fn) =>
      chain.publicClient.readContract({ address: token, abi: mockErc20PermitAbi, functionName });
    expect(await read("decimals")).toBe(6);
    expect(await read("name")).toBe("Permit Dollar");
    expect(await read("version")).toBe("1");
    const names = mockErc20PermitAbi.filter((x) => x.type === "function").map((x) => x.name);
    expect(names).toContain("permit");
    expect(names).not.toContain("transferWithAuthorization");
  });
});

describe("X402ExactPermit2Proxy", () => {
  it("moves the permitted amount to the witness's recipient", async () => {
    const before = [await balanceOf(buyer.address), await balanceOf(seller)];
    const receipt = await settleExact(await permit("exact"));
    expect(await balanceOf(buyer.address)).toBe(before[0]! - 1_000_000n);
    expect(await balanceOf(seller)).toBe(before[1]! + 1_000_000n);
    expect(
      receipt.logs.some((log) => log.address.toLowerCase() === x402ExactPermit2ProxyAddress.toLowerCase()),
    ).toBe(true);
  });

  it("refuses another recipient than the one signed (the facilitator cannot redirect)", async () => {
    const signed = await permit("exact");
    signed.message.witness.to = stranger.address;
    expect(await revertName(() => settleExact(signed))).toBe("InvalidSigner");
  });

  it("refuses an amount above the signed one", async () => {
    const signed = await permit("exact");
    signed.message.permitted.amount += 1n;
    expect(await revertName(() => settleExact(signed))).toBe("InvalidSigner");
  });

  it("refuses an expired deadline", async () => {
    const signed = await permit("exact", { deadline: (await now()) - 1n });
    expect(await revertName(() => settleExact(signed))).toBe("SignatureExpired");
  });

  it("refuses a validAfter in the future", async () => {
    const signed = await permit("exact", { witness: { validAfter: (await now()) + 3600n } });
    expect(await revertName(() => settleExact(signed))).toBe("PaymentTooEarly");
  });

  it("refuses a reused nonce", async () => {
    const signed = await permit("exact");
    await settleExact(signed);
    expect(await revertName(() => settleExact(signed))).toBe("InvalidNonce");
  });

  it("refuses a signature by someone other than the owner", async () => {
    const signed = await permit("exact", {}, stranger);
    expect(await revertName(() => settleExact(signed))).toBe("InvalidSigner");
  });

  it("settleWithPermit makes Permit2's allowance and pays, for a token without an allowance", async () => {
    const signed = await permit("exact", {}, unapproved);
    const args = (permit2612: unknown) => [
      permit2612,
      permitArg(signed.message),
      unapproved.address,
      exactWitness(signed.message),
      signed.signature,
    ];
    // Without the EIP-2612 permit, Permit2 cannot pull the tokens.
    await expect(
      write(facilitator, x402ExactPermit2ProxyAddress, exactAbi, "settle", args(undefined).slice(1)),
    ).rejects.toThrow(/TRANSFER_FROM_FAILED/);

    const permit2612 = await signPermit2612({
      chain,
      token,
      owner: unapproved,
      value: signed.message.permitted.amount,
      deadline: signed.message.deadline,
    });
    // An EIP-2612 permit for less than the Permit2 amount is refused.
    expect(
      await revertName(() =>
        write(
          facilitator,
          x402ExactPermit2ProxyAddress,
          exactAbi,
          "settleWithPermit",
          args({ ...permit2612, value: 1n }),
        ),
      ),
    ).toBe("Permit2612AmountMismatch");
    const before = await balanceOf(seller);
    await write(facilitator, x402ExactPermit2ProxyAddress, exactAbi, "settleWithPermit", args(permit2612));
    expect(await balanceOf(seller)).toBe(before + 1_000_000n);
    expect(
      await chain.publicClient.readContract({
        address: token,
        abi: mockErc20PermitAbi,
        functionName: "allowance",
        args: [unapproved.address, permit2Address],
      }),
    ).toBe(0n); // the permit approved exactly the amount, and Permit2 spent it
  });
});

describe("X402UptoPermit2Proxy", () => {
  it("settles part of the maximum: exactly that amount moves", async () => {
    const before = [await balanceOf(buyer.address), await balanceOf(seller)];
    await settleUpto(await permit("upto"), 250_000n);
    expect(await balanceOf(buyer.address)).toBe(before[0]! - 250_000n);
    expect(await balanceOf(seller)).toBe(before[1]! + 250_000n);
  });

  it("settles the whole maximum", async () => {
    const before = await balanceOf(seller);
    await settleUpto(await permit("upto"), 1_000_000n);
    expect(await balanceOf(seller)).toBe(before + 1_000_000n);
  });

  it("moves nothing for amount 0 and leaves the nonce unused", async () => {
    const signed = await permit("upto");
    const before = await balanceOf(seller);
    await settleUpto(signed, 0n);
    expect(await balanceOf(seller)).toBe(before);
    const bitmap = await chain.publicClient.readContract({
      address: permit2Address,
      abi: permit2Abi,
      functionName: "nonceBitmap",
      args: [buyer.address, signed.message.nonce >> 8n],
    });
    expect((bitmap >> (signed.message.nonce & 0xffn)) & 1n).toBe(0n);
    await settleUpto(signed, 1n); // still usable
    expect(await balanceOf(seller)).toBe(before + 1n);
  });

  it("refuses an amount above the maximum", async () => {
    expect(await revertName(async () => settleUpto(await permit("upto"), 1_000_001n))).toBe(
      "AmountExceedsPermitted",
    );
  });

  it("refuses any sender but the facilitator named in the witness", async () => {
    const signed = await permit("upto");
    expect(await revertName(() => settleUpto(signed, 1n, { sender: stranger }))).toBe(
      "UnauthorizedFacilitator",
    );
    // Naming itself in the witness does not help another facilitator: the signature covers the witness.
    signed.message.witness.facilitator = stranger.address;
    expect(await revertName(() => settleUpto(signed, 1n, { sender: stranger }))).toBe("InvalidSigner");
  });

  it("refuses another recipient than the one signed", async () => {
    const signed = await permit("upto");
    signed.message.witness.to = stranger.address;
    expect(await revertName(() => settleUpto(signed, 1n))).toBe("InvalidSigner");
  });

  it("refuses an expired deadline, a validAfter in the future and a reused nonce", async () => {
    expect(
      await revertName(async () => settleUpto(await permit("upto", { deadline: (await now()) - 1n }), 1n)),
    ).toBe("SignatureExpired");
    expect(
      await revertName(async () =>
        settleUpto(await permit("upto", { witness: { validAfter: (await now()) + 3600n } }), 1n),
      ),
    ).toBe("PaymentTooEarly");
    const signed = await permit("upto");
    await settleUpto(signed, 1n);
    expect(await revertName(() => settleUpto(signed, 1n))).toBe("InvalidNonce");
  });

  it("refuses an owner of zero and a recipient of zero", async () => {
    expect(await revertName(async () => settleUpto(await permit("upto"), 1n, { owner: zeroAddress }))).toBe(
      "InvalidOwner",
    );
    expect(
      await revertName(async () => settleUpto(await permit("upto", { witness: { to: zeroAddress } }), 1n)),
    ).toBe("InvalidDestination");
  });

  it("settleWithPermit settles part of the maximum for a token without an allowance", async () => {
    const signed = await permit("upto", {}, unapproved);
    const permit2612 = await signPermit2612({
      chain,
      token,
      owner: unapproved,
      value: maxUint256,
      deadline: signed.message.deadline,
    });
    const before = await balanceOf(seller);
    await write(facilitator, x402UptoPermit2ProxyAddress, uptoAbi, "settleWithPermit", [
      permit2612,
      permitArg(signed.message),
      400_000n,
      unapproved.address,
      uptoWitness(signed.message),
      signed.signature,
    ]);
    expect(await balanceOf(seller)).toBe(before + 400_000n);
  });
});
