import { type Address, encodeFunctionData, parseSignature, zeroAddress } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mockSmartWalletAbi, mockSmartWalletBytecode, mockUsdcAbi, mockUsdcBytecode } from "../src/index.js";
import { type ConnectChainReturnType, connectChain } from "./utils/connectChain.js";
import { revertName } from "./utils/revertName.js";
import { signAuthorization } from "./utils/signAuthorization.js";

// Accounts: 0 deployer, 1 buyer, 2 seller, 3 facilitator, 4 stranger, 5 smart-wallet owner.
let chain: ConnectChainReturnType;
let usdc: { address: Address; name: string; version: string };

beforeAll(async () => {
  chain = await connectChain();
  const address = await chain.deploy(chain.accounts[0]!, mockUsdcAbi, mockUsdcBytecode, ["USD Coin", "2"]);
  usdc = { address, name: "USD Coin", version: "2" };
  await chain.walletClient(chain.accounts[0]!).writeContract({
    address,
    abi: mockUsdcAbi,
    functionName: "mint",
    args: [chain.accounts[1]!.address, 1_000_000_000n],
  });
});

afterAll(async () => {
  await chain?.close();
});

const balanceOf = (owner: Address) =>
  chain.publicClient.readContract({
    address: usdc.address,
    abi: mockUsdcAbi,
    functionName: "balanceOf",
    args: [owner],
  });

const now = async () => (await chain.publicClient.getBlock()).timestamp;

describe("MockUSDC: metadata", () => {
  it("is a 6-decimal token named by the constructor", async () => {
    const read = <const fn extends "name" | "symbol" | "decimals" | "version">(functionName: fn) =>
      chain.publicClient.readContract({ address: usdc.address, abi: mockUsdcAbi, functionName });
    expect(await read("name")).toBe("USD Coin");
    expect(await read("symbol")).toBe("USDC");
    expect(await read("decimals")).toBe(6);
    expect(await read("version")).toBe("2");
    const domain = await chain.publicClient.readContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "eip712Domain",
    });
    expect(domain[1]).toBe("USD Coin");
    expect(domain[2]).toBe("2");
    expect(domain[3]).toBe(31337n);
  });

  it("takes a different EIP-712 name and version", async () => {
    const address = await chain.deploy(chain.accounts[0]!, mockUsdcAbi, mockUsdcBytecode, ["USDC", "2"]);
    const other = { address, name: "USDC", version: "2" };
    await chain.walletClient(chain.accounts[0]!).writeContract({
      address,
      abi: mockUsdcAbi,
      functionName: "mint",
      args: [chain.accounts[1]!.address, 10n],
    });
    const t = await now();
    const { message, signature } = await signAuthorization({
      signer: chain.accounts[1]!,
      token: other,
      message: {
        from: chain.accounts[1]!.address,
        to: chain.accounts[2]!.address,
        value: 10n,
        validAfter: 0n,
        validBefore: t + 600n,
      },
    });
    await chain.walletClient(chain.accounts[3]!).writeContract({
      address,
      abi: mockUsdcAbi,
      functionName: "transferWithAuthorization",
      args: [
        message.from,
        message.to,
        message.value,
        message.validAfter,
        message.validBefore,
        message.nonce,
        signature,
      ],
    });
    const balance = await chain.publicClient.readContract({
      address,
      abi: mockUsdcAbi,
      functionName: "balanceOf",
      args: [message.to],
    });
    expect(balance).toBe(10n);
  });
});

describe("MockUSDC: EIP-3009 transferWithAuthorization", () => {
  let buyer: ConnectChainReturnType["accounts"][number];
  let seller: Address;
  let facilitatorWallet: ReturnType<ConnectChainReturnType["walletClient"]>;

  beforeEach(() => {
    buyer = chain.accounts[1]!;
    seller = chain.accounts[2]!.address;
    facilitatorWallet = chain.walletClient(chain.accounts[3]!);
  });

  async function authorize(overrides: { validAfter?: bigint; validBefore?: bigint; value?: bigint } = {}) {
    const t = await now();
    return signAuthorization({
      signer: buyer,
      token: usdc,
      message: {
        from: buyer.address,
        to: seller,
        value: overrides.value ?? 1_000n,
        validAfter: overrides.validAfter ?? t - 600n,
        validBefore: overrides.validBefore ?? t + 600n,
      },
    });
  }

  function settleVrs({ message, signature }: Awaited<ReturnType<typeof authorize>>, gas?: bigint) {
    const { v, r, s } = parseSignature(signature);
    return facilitatorWallet.writeContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "transferWithAuthorization",
      args: [
        message.from,
        message.to,
        message.value,
        message.validAfter,
        message.validBefore,
        message.nonce,
        Number(v),
        r,
        s,
      ],
      ...(gas === undefined ? {} : { gas }),
    });
  }

  function settleBytes({ message, signature }: Awaited<ReturnType<typeof authorize>>, gas?: bigint) {
    return facilitatorWallet.writeContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "transferWithAuthorization",
      args: [
        message.from,
        message.to,
        message.value,
        message.validAfter,
        message.validBefore,
        message.nonce,
        signature,
      ],
      ...(gas === undefined ? {} : { gas }),
    });
  }

  /** Mines the settlement in a block with exactly `timestamp`; returns the receipt status. */
  async function settleAt(timestamp: bigint, auth: Awaited<ReturnType<typeof authorize>>) {
    await chain.testClient.setNextBlockTimestamp({ timestamp });
    const hash = await settleBytes(auth, 200_000n); // explicit gas: no estimate against another block
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    const block = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    expect(block.timestamp).toBe(timestamp);
    return receipt.status;
  }

  it("moves the funds with a (v,r,s) signature and emits AuthorizationUsed", async () => {
    const auth = await authorize();
    const [before, sellerBefore] = [await balanceOf(buyer.address), await balanceOf(seller)];
    const hash = await settleVrs(auth);
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    expect(await balanceOf(buyer.address)).toBe(before - 1_000n);
    expect(await balanceOf(seller)).toBe(sellerBefore + 1_000n);
    const used = await chain.publicClient.getContractEvents({
      address: usdc.address,
      abi: mockUsdcAbi,
      eventName: "AuthorizationUsed",
      blockHash: receipt.blockHash,
    });
    expect(used).toHaveLength(1);
    expect(used[0]!.args).toEqual({ authorizer: buyer.address, nonce: auth.message.nonce });
    expect(
      await chain.publicClient.readContract({
        address: usdc.address,
        abi: mockUsdcAbi,
        functionName: "authorizationState",
        args: [buyer.address, auth.message.nonce],
      }),
    ).toBe(true);
  });

  it("moves the funds with a bytes signature from an EOA", async () => {
    const auth = await authorize({ value: 7n });
    const before = await balanceOf(seller);
    await chain.publicClient.waitForTransactionReceipt({ hash: await settleBytes(auth) });
    expect(await balanceOf(seller)).toBe(before + 7n);
  });

  it("is not valid exactly at validAfter, and valid one second later (strict)", async () => {
    const t = (await now()) + 100n;
    const early = await authorize({ validAfter: t, validBefore: t + 1_000n });
    expect(await settleAt(t, early)).toBe("reverted");
    expect(await settleAt(t + 1n, early)).toBe("success");
  });

  it("is expired exactly at validBefore, and valid one second earlier (strict)", async () => {
    const t = (await now()) + 100n;
    const expired = await authorize({ validAfter: 0n, validBefore: t });
    expect(await settleAt(t, expired)).toBe("reverted");
    const fresh = await authorize({ validAfter: 0n, validBefore: t + 2n });
    expect(await settleAt(t + 1n, fresh)).toBe("success");
  });

  it("reverts with ERC3009InvalidAuthorizationTime before the window and after it", async () => {
    const t = await now();
    const tooEarly = await authorize({ validAfter: t + 3_600n, validBefore: t + 7_200n });
    expect(await revertName(() => settleVrs(tooEarly))).toBe("ERC3009InvalidAuthorizationTime");
    const expired = await authorize({ validAfter: 0n, validBefore: t - 1n });
    expect(await revertName(() => settleBytes(expired))).toBe("ERC3009InvalidAuthorizationTime");
  });

  it("rejects a reused nonce", async () => {
    const auth = await authorize();
    await chain.publicClient.waitForTransactionReceipt({ hash: await settleVrs(auth) });
    expect(await revertName(() => settleVrs(auth))).toBe("ERC3009UsedAuthorization");
    expect(await revertName(() => settleBytes(auth))).toBe("ERC3009UsedAuthorization");
  });

  it("rejects a signature from someone other than `from`", async () => {
    const t = await now();
    const forged = await signAuthorization({
      signer: chain.accounts[4]!,
      token: usdc,
      message: { from: buyer.address, to: seller, value: 1n, validAfter: 0n, validBefore: t + 600n },
    });
    expect(await revertName(() => settleVrs(forged))).toBe("ERC3009InvalidSignature");
    expect(await revertName(() => settleBytes(forged))).toBe("ERC3009InvalidSignature");
  });

  it("rejects a signature whose message was altered (value)", async () => {
    const auth = await authorize({ value: 5n });
    const altered = { ...auth, message: { ...auth.message, value: 6n } };
    expect(await revertName(() => settleBytes(altered))).toBe("ERC3009InvalidSignature");
  });

  it("rejects a cancelled authorization and emits AuthorizationCanceled", async () => {
    const auth = await authorize();
    const cancelSignature = await buyer.signTypedData({
      domain: { name: usdc.name, version: usdc.version, chainId: 31337, verifyingContract: usdc.address },
      types: {
        CancelAuthorization: [
          { name: "authorizer", type: "address" },
          { name: "nonce", type: "bytes32" },
        ],
      },
      primaryType: "CancelAuthorization",
      message: { authorizer: buyer.address, nonce: auth.message.nonce },
    });
    const { v, r, s } = parseSignature(cancelSignature);
    const hash = await facilitatorWallet.writeContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "cancelAuthorization",
      args: [buyer.address, auth.message.nonce, Number(v), r, s],
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    const canceled = await chain.publicClient.getContractEvents({
      address: usdc.address,
      abi: mockUsdcAbi,
      eventName: "AuthorizationCanceled",
      blockHash: receipt.blockHash,
    });
    expect(canceled[0]!.args).toEqual({ authorizer: buyer.address, nonce: auth.message.nonce });
    expect(await revertName(() => settleVrs(auth))).toBe("ERC3009UsedAuthorization");
  });

  it("rejects a transfer above the balance", async () => {
    const auth = await authorize({ value: 10n ** 30n });
    expect(await revertName(() => settleVrs(auth))).toBe("ERC20InsufficientBalance");
  });
});

describe("MockUSDC: receiveWithAuthorization", () => {
  it("lets only the payee submit it", async () => {
    const [buyer, payee, other] = [chain.accounts[1]!, chain.accounts[2]!, chain.accounts[4]!];
    const t = await now();
    const { message, signature } = await signAuthorization({
      signer: buyer,
      token: usdc,
      primaryType: "ReceiveWithAuthorization",
      message: { from: buyer.address, to: payee.address, value: 3n, validAfter: 0n, validBefore: t + 600n },
    });
    const { v, r, s } = parseSignature(signature);
    const args = [
      message.from,
      message.to,
      message.value,
      message.validAfter,
      message.validBefore,
      message.nonce,
    ] as const;
    const receive = (account: typeof buyer) =>
      chain.walletClient(account).writeContract({
        address: usdc.address,
        abi: mockUsdcAbi,
        functionName: "receiveWithAuthorization",
        args: [...args, Number(v), r, s],
      });
    expect(await revertName(() => receive(other))).toBe("ERC20InvalidReceiver");
    const before = await balanceOf(payee.address);
    await chain.publicClient.waitForTransactionReceipt({ hash: await receive(payee) });
    expect(await balanceOf(payee.address)).toBe(before + 3n);
  });

  it("is not accepted by transferWithAuthorization (different type hash)", async () => {
    const [buyer, payee] = [chain.accounts[1]!, chain.accounts[2]!];
    const t = await now();
    const { message, signature } = await signAuthorization({
      signer: buyer,
      token: usdc,
      primaryType: "ReceiveWithAuthorization",
      message: { from: buyer.address, to: payee.address, value: 3n, validAfter: 0n, validBefore: t + 600n },
    });
    const settle = () =>
      chain.walletClient(payee).writeContract({
        address: usdc.address,
        abi: mockUsdcAbi,
        functionName: "transferWithAuthorization",
        args: [
          message.from,
          message.to,
          message.value,
          message.validAfter,
          message.validBefore,
          message.nonce,
          signature,
        ],
      });
    expect(await revertName(settle)).toBe("ERC3009InvalidSignature");
  });
});

describe("MockSmartWallet: EIP-1271 through the bytes overload", () => {
  let wallet: Address;

  beforeAll(async () => {
    const owner = chain.accounts[5]!;
    wallet = await chain.deploy(chain.accounts[0]!, mockSmartWalletAbi, mockSmartWalletBytecode, [
      owner.address,
    ]);
    await chain.walletClient(chain.accounts[0]!).writeContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "mint",
      args: [wallet, 5_000n],
    });
  });

  async function walletAuthorization(signer = chain.accounts[5]!) {
    const t = await now();
    return signAuthorization({
      signer,
      token: usdc,
      message: {
        from: wallet,
        to: chain.accounts[2]!.address,
        value: 2_000n,
        validAfter: 0n,
        validBefore: t + 600n,
      },
    });
  }

  it("pays from the wallet with the owner's signature", async () => {
    const { message, signature } = await walletAuthorization();
    const before = await balanceOf(message.to);
    const hash = await chain.walletClient(chain.accounts[3]!).writeContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "transferWithAuthorization",
      args: [
        message.from,
        message.to,
        message.value,
        message.validAfter,
        message.validBefore,
        message.nonce,
        signature,
      ],
    });
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    expect(await balanceOf(message.to)).toBe(before + 2_000n);
    expect(await balanceOf(wallet)).toBe(3_000n);
  });

  it("rejects a signature from anyone but the owner", async () => {
    const { message, signature } = await walletAuthorization(chain.accounts[4]!);
    const settle = () =>
      chain.walletClient(chain.accounts[3]!).writeContract({
        address: usdc.address,
        abi: mockUsdcAbi,
        functionName: "transferWithAuthorization",
        args: [
          message.from,
          message.to,
          message.value,
          message.validAfter,
          message.validBefore,
          message.nonce,
          signature,
        ],
      });
    expect(await revertName(settle)).toBe("ERC3009InvalidSignature");
  });

  it("cannot use the (v,r,s) overload (no ecrecover for contracts)", async () => {
    const { message, signature } = await walletAuthorization();
    const { v, r, s } = parseSignature(signature);
    const settle = () =>
      chain.walletClient(chain.accounts[3]!).writeContract({
        address: usdc.address,
        abi: mockUsdcAbi,
        functionName: "transferWithAuthorization",
        args: [
          message.from,
          message.to,
          message.value,
          message.validAfter,
          message.validBefore,
          message.nonce,
          Number(v),
          r,
          s,
        ],
      });
    expect(await revertName(settle)).toBe("ERC3009InvalidSignature");
  });

  it("answers isValidSignature with the magic value only for the owner", async () => {
    const hash = `0x${"ab".repeat(32)}` as const;
    const ownerSig = await chain.accounts[5]!.sign({ hash });
    const otherSig = await chain.accounts[4]!.sign({ hash });
    const check = (signature: `0x${string}`) =>
      chain.publicClient.readContract({
        address: wallet,
        abi: mockSmartWalletAbi,
        functionName: "isValidSignature",
        args: [hash, signature],
      });
    expect(await check(ownerSig)).toBe("0x1626ba7e");
    expect(await check(otherSig)).toBe("0xffffffff");
    expect(await check("0x1234")).toBe("0xffffffff");
  });

  it("executes calls for the owner only", async () => {
    const owner = chain.accounts[5]!;
    const approve = encodeFunctionData({
      abi: mockUsdcAbi,
      functionName: "approve",
      args: [owner.address, 123n],
    });
    const exec = (account: typeof owner) =>
      chain.walletClient(account).writeContract({
        address: wallet,
        abi: mockSmartWalletAbi,
        functionName: "execute",
        args: [usdc.address, 0n, approve],
      });
    expect(await revertName(() => exec(chain.accounts[4]!))).toBe("MockSmartWalletUnauthorized");
    await chain.publicClient.waitForTransactionReceipt({ hash: await exec(owner) });
    expect(
      await chain.publicClient.readContract({
        address: usdc.address,
        abi: mockUsdcAbi,
        functionName: "allowance",
        args: [wallet, owner.address],
      }),
    ).toBe(123n);
  });
});

describe("MockUSDC: EIP-2612 permit", () => {
  const permitTypes = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  } as const;

  async function signPermit(
    signer = chain.accounts[1]!,
    owner: Address = chain.accounts[1]!.address,
    deadlineIn = 600n,
  ) {
    const nonce = await chain.publicClient.readContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "nonces",
      args: [owner],
    });
    const message = {
      owner,
      spender: chain.accounts[3]!.address,
      value: 42n,
      nonce,
      deadline: (await now()) + deadlineIn,
    };
    const signature = await signer.signTypedData({
      domain: { name: usdc.name, version: usdc.version, chainId: 31337, verifyingContract: usdc.address },
      types: permitTypes,
      primaryType: "Permit",
      message,
    });
    return { message, signature };
  }

  const permit = ({ message, signature }: Awaited<ReturnType<typeof signPermit>>) => {
    const { v, r, s } = parseSignature(signature);
    return chain.walletClient(chain.accounts[3]!).writeContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "permit",
      args: [message.owner, message.spender, message.value, message.deadline, Number(v), r, s],
    });
  };

  it("sets the allowance and bumps the nonce", async () => {
    const signed = await signPermit();
    await chain.publicClient.waitForTransactionReceipt({ hash: await permit(signed) });
    const allowance = await chain.publicClient.readContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "allowance",
      args: [signed.message.owner, signed.message.spender],
    });
    expect(allowance).toBe(42n);
    expect(
      await chain.publicClient.readContract({
        address: usdc.address,
        abi: mockUsdcAbi,
        functionName: "nonces",
        args: [signed.message.owner],
      }),
    ).toBe(signed.message.nonce + 1n);
    // replaying the same permit fails: the nonce moved on
    expect(await revertName(() => permit(signed))).toBe("ERC2612InvalidSigner");
  });

  it("rejects an expired permit and a wrong signer", async () => {
    expect(await revertName(async () => permit(await signPermit(undefined, undefined, -1n)))).toBe(
      "ERC2612ExpiredSignature",
    );
    expect(await revertName(async () => permit(await signPermit(chain.accounts[4]!)))).toBe(
      "ERC2612InvalidSigner",
    );
  });

  it("accepts an EIP-1271 permit through the bytes overload", async () => {
    const owner = chain.accounts[5]!;
    const wallet = await chain.deploy(chain.accounts[0]!, mockSmartWalletAbi, mockSmartWalletBytecode, [
      owner.address,
    ]);
    const { message, signature } = await signPermit(owner, wallet);
    const hash = await chain.walletClient(chain.accounts[3]!).writeContract({
      address: usdc.address,
      abi: mockUsdcAbi,
      functionName: "permit",
      args: [message.owner, message.spender, message.value, message.deadline, signature],
    });
    await chain.publicClient.waitForTransactionReceipt({ hash });
    expect(
      await chain.publicClient.readContract({
        address: usdc.address,
        abi: mockUsdcAbi,
        functionName: "allowance",
        args: [wallet, message.spender],
      }),
    ).toBe(42n);
  });

  it("does not let the zero address be a permit owner", async () => {
    const { message, signature } = await signPermit(chain.accounts[4]!, zeroAddress);
    const { v, r, s } = parseSignature(signature);
    const call = () =>
      chain.walletClient(chain.accounts[3]!).writeContract({
        address: usdc.address,
        abi: mockUsdcAbi,
        functionName: "permit",
        args: [message.owner, message.spender, message.value, message.deadline, Number(v), r, s],
      });
    expect(await revertName(call)).toBe("ERC2612InvalidSigner");
  });
});
