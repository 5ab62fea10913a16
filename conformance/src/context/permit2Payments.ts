import {
  mockErc20PermitAbi,
  mockErc20PermitBytecode,
  permit2Address,
  permit2RuntimeBytecode,
  x402ExactPermit2ProxyAddress,
  x402ExactPermit2ProxyDeployedBytecode,
  x402UptoPermit2ProxyAddress,
  x402UptoPermit2ProxyDeployedBytecode,
} from "@x402kit/contracts";
import {
  type Extensions,
  type PaymentPayload,
  type PaymentRequirements,
  supportedResponseSchema,
} from "@x402kit/types";
import {
  type Address,
  createWalletClient,
  erc20Abi,
  getAddress,
  type Hex,
  hexToBigInt,
  http,
  type LocalAccount,
  maxUint256,
  parseEther,
  toHex,
} from "viem";
import type { SuiteChain, SuiteToken } from "../suite/suiteChain.js";
import type { Buyer, FacilitatorContext } from "../types.js";
import { newAccount } from "./createBaseContext.js";
import { expectRejected, readVerifyResponse } from "./facilitatorChecks.js";

// The Permit2 cases (scheme_exact_evm.md §2, scheme_upto_evm.md). Their chain needs Uniswap's Permit2 and the x402
// proxies at the canonical addresses, and a token without EIP-3009: the suite puts them there itself (setCode and a
// MockERC20Permit), signs with viem, and judges only what the facilitator answers and what the chain shows.

/** The reason codes that name each Permit2 condition (x402kit's extra codes, and the spec's where one fits). */
export const permit2Reasons = {
  allowance: ["permit2_allowance_required"],
  recipient: ["invalid_permit2_recipient_mismatch", "invalid_exact_evm_payload_recipient_mismatch"],
  spender: ["invalid_permit2_spender"],
  amount: ["invalid_permit2_amount_mismatch", "invalid_exact_evm_payload_authorization_value_mismatch"],
  deadline: ["permit2_deadline_expired", "invalid_exact_evm_payload_authorization_valid_before"],
  validAfter: ["permit2_not_yet_valid", "invalid_exact_evm_payload_authorization_valid_after"],
  nonceUsed: ["invalid_exact_evm_payload_authorization_nonce_used", "invalid_transaction_state"],
} as const satisfies Record<string, readonly string[]>;

/** `Witness(address to,uint256 validAfter)`, the exact scheme's; upto adds `address facilitator`. */
const witnessTypes = {
  exact: [
    { name: "to", type: "address" },
    { name: "validAfter", type: "uint256" },
  ],
  upto: [
    { name: "to", type: "address" },
    { name: "facilitator", type: "address" },
    { name: "validAfter", type: "uint256" },
  ],
} as const;

const prepared = new WeakMap<SuiteChain, Promise<SuiteToken>>();

/**
 * Permit2, the x402 exact and upto proxies (runtime code at their canonical addresses, where none is yet) and a
 * MockERC20Permit ("Permit Dollar", EIP-2612, no EIP-3009) on the suite's chain, once per chain. Skips the case
 * where the chain takes no `setCode`.
 */
export async function preparePermit2(context: FacilitatorContext): Promise<SuiteToken> {
  const { chain } = context;
  let token = prepared.get(chain);
  if (!token) {
    token = (async () => {
      const code: [Address, Hex][] = [
        [permit2Address, permit2RuntimeBytecode],
        [x402ExactPermit2ProxyAddress, x402ExactPermit2ProxyDeployedBytecode],
        [x402UptoPermit2ProxyAddress, x402UptoPermit2ProxyDeployedBytecode],
      ];
      for (const [address, bytecode] of code) {
        const present = await chain.publicClient.getCode({ address });
        if (!present || present === "0x") await chain.setCode(address, bytecode);
      }
      const address = await chain.deploy({
        abi: mockErc20PermitAbi,
        bytecode: mockErc20PermitBytecode,
        args: ["Permit Dollar", "PUSD"],
      });
      return { address, name: "Permit Dollar", version: "1" };
    })();
    prepared.set(chain, token);
    token.catch(() => prepared.delete(chain));
  }
  try {
    return await token;
  } catch (error) {
    return context.skip(`Permit2 could not be installed on this chain: ${(error as Error).message}`);
  }
}

/**
 * A fresh buyer holding `funds` of the Permit2 token. With `approved`, it also sends `approve(Permit2, max)` (the
 * one-time step of scheme_exact_evm.md §2 phase 1, option A), with ETH the suite gives it for the gas.
 */
export async function newPermit2Buyer(
  context: FacilitatorContext,
  token: SuiteToken,
  options: { approved: boolean; funds?: bigint },
): Promise<Buyer> {
  const { chain } = context;
  const buyer = newAccount();
  await chain.mint(buyer.address, options.funds ?? 1_000_000n, token.address);
  if (!options.approved) return buyer;
  const balance = toHex(parseEther("1"));
  await chain.publicClient
    .request({ method: "hardhat_setBalance", params: [buyer.address, balance] } as never)
    .catch(() =>
      chain.publicClient.request({ method: "anvil_setBalance", params: [buyer.address, balance] } as never),
    );
  const wallet = createWalletClient({
    account: buyer.account,
    chain: chain.viemChain,
    transport: http(chain.rpcUrl),
  });
  const hash = await wallet.writeContract({
    address: token.address,
    abi: erc20Abi,
    functionName: "approve",
    args: [permit2Address, maxUint256],
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`approve(Permit2) reverted (${hash})`);
  return buyer;
}

/** Exact requirements for 0.01 of the Permit2 token, to a fresh payTo, with `assetTransferMethod: "permit2"`. */
export function permit2Requirements(
  context: FacilitatorContext,
  token: SuiteToken,
  overrides: Partial<PaymentRequirements> = {},
): PaymentRequirements {
  return context.requirements({
    asset: token.address,
    extra: { name: token.name, version: token.version, assetTransferMethod: "permit2" },
    ...overrides,
  });
}

export type SignPermit2PaymentParameters = {
  chain: SuiteChain;
  buyer: LocalAccount;
  requirements: PaymentRequirements;
  scheme?: "exact" | "upto";
  /** upto: the facilitator that may settle (the witness's `facilitator`). */
  facilitator?: Address;
  /** Fields of the signed authorization that differ from what the requirements ask. */
  overrides?: { to?: Address; amount?: bigint; spender?: Address; deadline?: bigint; validAfter?: bigint };
  extensions?: Extensions;
};

/**
 * Signs Permit2's `PermitWitnessTransferFrom` (Permit2's EIP-712 domain, no version) with a scheme's witness type:
 * exact and upto (`Witness`) and batch-settlement deposits (`DepositWitness`) differ only in that type.
 */
export async function signPermitWitnessTransferFrom(parameters: {
  chainId: number;
  signer: LocalAccount;
  permitted: { token: Address; amount: bigint };
  spender: Address;
  nonce: bigint;
  deadline: bigint;
  witnessType: { name: string; fields: readonly { name: string; type: string }[] };
  witness: Record<string, unknown>;
}): Promise<Hex> {
  const { witnessType } = parameters;
  // The witness type is chosen at run time, so the typed data is checked at run time (by the facilitator).
  return parameters.signer.signTypedData({
    domain: { name: "Permit2", chainId: parameters.chainId, verifyingContract: permit2Address },
    types: {
      PermitWitnessTransferFrom: [
        { name: "permitted", type: "TokenPermissions" },
        { name: "spender", type: "address" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
        { name: "witness", type: witnessType.name },
      ],
      TokenPermissions: [
        { name: "token", type: "address" },
        { name: "amount", type: "uint256" },
      ],
      [witnessType.name]: witnessType.fields,
    },
    primaryType: "PermitWitnessTransferFrom",
    message: {
      permitted: parameters.permitted,
      spender: parameters.spender,
      nonce: parameters.nonce,
      deadline: parameters.deadline,
      witness: parameters.witness,
    },
  } as Parameters<LocalAccount["signTypedData"]>[0]);
}

/**
 * Signs Permit2's `PermitWitnessTransferFrom` as a client of scheme_exact_evm.md §2 (or scheme_upto_evm.md) does:
 * `amount` of `asset` to the scheme's proxy, a random uint256 nonce, `deadline = now + maxTimeoutSeconds`, witness
 * `{ to: payTo, validAfter: now - 600 }`, numbers as decimal strings. `now` is the earlier of the wall and chain
 * clocks.
 */
export async function signPermit2Payment(parameters: SignPermit2PaymentParameters): Promise<PaymentPayload> {
  const { chain, buyer, requirements, scheme = "exact", overrides = {} } = parameters;
  const wall = BigInt(Math.floor(Date.now() / 1000));
  const chainNow = await chain.now();
  const now = wall < chainNow ? wall : chainNow;
  const permitted = {
    token: getAddress(requirements.asset),
    amount: overrides.amount ?? BigInt(requirements.amount),
  };
  const spender =
    overrides.spender ?? (scheme === "exact" ? x402ExactPermit2ProxyAddress : x402UptoPermit2ProxyAddress);
  const nonce = hexToBigInt(toHex(crypto.getRandomValues(new Uint8Array(32))));
  const deadline = overrides.deadline ?? now + BigInt(requirements.maxTimeoutSeconds);
  const to = overrides.to ?? getAddress(requirements.payTo);
  const validAfter = overrides.validAfter ?? now - 600n;
  const witness: Record<string, Address | bigint> =
    scheme === "exact" ? { to, validAfter } : { to, facilitator: parameters.facilitator!, validAfter };
  const signature = await signPermitWitnessTransferFrom({
    chainId: chain.chainId,
    signer: buyer,
    permitted,
    spender,
    nonce,
    deadline,
    witnessType: { name: "Witness", fields: witnessTypes[scheme] },
    witness,
  });
  return {
    x402Version: 2,
    resource: { url: "http://127.0.0.1/x402-conformance" },
    accepted: requirements,
    payload: {
      signature,
      permit2Authorization: {
        permitted: { token: permitted.token, amount: permitted.amount.toString() },
        from: buyer.address,
        spender,
        nonce: nonce.toString(),
        deadline: deadline.toString(),
        witness: Object.fromEntries(Object.entries(witness).map(([key, value]) => [key, value.toString()])),
      },
    },
    ...(parameters.extensions ? { extensions: parameters.extensions } : {}),
  };
}

/**
 * `extensions.eip2612GasSponsoring` of a PaymentPayload (extensions/eip2612_gas_sponsoring.md): the buyer's
 * EIP-2612 permit that lets Permit2 spend `amount` of the token until `deadline`.
 */
export async function signEip2612GasSponsoring(parameters: {
  chain: SuiteChain;
  buyer: LocalAccount;
  token: SuiteToken;
  amount: bigint;
  deadline: bigint;
}): Promise<Extensions> {
  const { chain, buyer, token, amount, deadline } = parameters;
  const signature = await buyer.signTypedData({
    domain: {
      name: token.name,
      version: token.version,
      chainId: chain.chainId,
      verifyingContract: token.address,
    },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner: buyer.address, spender: permit2Address, value: amount, nonce: 0n, deadline },
  });
  return {
    eip2612GasSponsoring: {
      info: {
        from: buyer.address,
        asset: token.address,
        spender: permit2Address,
        amount: amount.toString(),
        nonce: "0",
        deadline: deadline.toString(),
        signature,
        version: "1",
      },
    },
  };
}

/** What the facilitator's `GET /supported` announces, read leniently (undefined when it does not parse). */
export async function readSupported(context: FacilitatorContext) {
  const result = await context.facilitator.supported();
  const parsed = supportedResponseSchema.safeParse(result.json);
  return parsed.success ? parsed.data : undefined;
}

/** Skips the case unless GET /supported announces `extension` (an optional extension, e.g. bazaar). */
export async function requireExtension(context: FacilitatorContext, extension: string): Promise<void> {
  const supported = await readSupported(context);
  if (!supported?.extensions.includes(extension))
    context.skip(`GET /supported does not announce the ${extension} extension`);
}

const supportsPermit2 = new WeakMap<SuiteChain, Map<string, Promise<string | undefined>>>();

/**
 * Skips the case unless the facilitator verifies a valid exact Permit2 payment (support for Permit2 is optional:
 * scheme_exact_evm.md lists it as the universal fallback). Asked once per facilitator and chain.
 */
export async function requirePermit2Support(context: FacilitatorContext, token: SuiteToken): Promise<void> {
  const byUrl = supportsPermit2.get(context.chain) ?? new Map<string, Promise<string | undefined>>();
  supportsPermit2.set(context.chain, byUrl);
  let answer = byUrl.get(context.facilitator.url);
  if (!answer) {
    answer = (async () => {
      const buyer = await newPermit2Buyer(context, token, { approved: true });
      const requirements = permit2Requirements(context, token);
      const payload = await signPermit2Payment({ chain: context.chain, buyer: buyer.account, requirements });
      const result = await context.facilitator.verify(context.facilitator.body(payload, requirements));
      const body = readVerifyResponse(context, result);
      return body.isValid ? undefined : (body.invalidReason ?? "isValid: false");
    })();
    byUrl.set(context.facilitator.url, answer);
  }
  const refused = await answer;
  if (refused !== undefined)
    context.skip(`the facilitator does not verify exact payments through Permit2 (${refused})`);
}

/**
 * A /verify case body for one invalid Permit2 condition: `isValid: false` with the condition's reason, and no money
 * moves.
 */
export async function expectPermit2Rejected(
  context: FacilitatorContext,
  parameters: {
    token: SuiteToken;
    buyer: Buyer;
    requirements: PaymentRequirements;
    payload: PaymentPayload;
    reasons: readonly string[];
  },
): Promise<void> {
  const { token, buyer, requirements, payload, reasons } = parameters;
  await context.expect.balanceChanges(
    [
      { address: buyer.address, delta: 0n, label: "buyer", token: token.address },
      { address: requirements.payTo as Address, delta: 0n, label: "payTo", token: token.address },
    ],
    async () =>
      expectRejected(
        context,
        await context.facilitator.verify(context.facilitator.body(payload, requirements)),
        reasons,
      ),
  );
}
