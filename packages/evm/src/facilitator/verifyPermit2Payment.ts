import type { PaymentPayload } from "@x402kit/types";
import { type Abi, type Address, type Hex, hashTypedData, type TypedDataParameter } from "viem";
import { isSignedBy } from "../utils/isSignedBy.js";
import type { Permit2AuthorizationValues } from "../utils/parsePermit2Authorization.js";
import { permit2WitnessTypedData } from "../utils/permit2WitnessTypedData.js";
import { invalidVerification } from "./invalidVerification.js";
import { type Eip2612Permit, parseEip2612GasSponsoring } from "./parseEip2612GasSponsoring.js";
import { readPermit2State } from "./readPermit2State.js";
import type { NetworkContext, VerifiedEvmPayment } from "./types.js";

export type VerifyPermit2PaymentParameters = {
  context: NetworkContext;
  /** The PaymentPayload, for its `eip2612GasSponsoring` extension. */
  payload: PaymentPayload;
  authorization: Permit2AuthorizationValues<Permit2AuthorizationValues["witness"] & Record<string, unknown>>;
  /** The scheme's `Witness` type, to hash what the payer signed. */
  witnessType: readonly TypedDataParameter[];
  signature: Hex;
  /** What the settlement moves; 0 moves nothing, so there is nothing to fund or simulate. */
  amount: bigint;
  /** Unix seconds, margin included: an EIP-2612 permit must stay valid beyond it. */
  notBefore: bigint;
  /** The scheme's proxy: where the settlement goes, and the ABI its reverts decode with. */
  proxy: { address: Address; abi: Abi };
  /** The proxy calldata: `settle`, or `settleWithPermit` when the payload carries an EIP-2612 permit. */
  encode: (permit2612: Eip2612Permit | undefined) => Hex;
  /** Gas limits of the settlement transaction: `settle`, and `settleWithPermit`. */
  gas: { settle: bigint; settleWithPermit: bigint };
};

/**
 * The rest of a Permit2 verification, which every x402 Permit2 scheme shares, after its own cheap checks
 * (scheme_exact_evm.md §2 phase 3, scheme_upto_evm.md phase 3, extensions/eip2612_gas_sponsoring.md): the EIP-2612
 * permit of the gas-sponsoring extension, the EIP-712 signature (recovered off-chain, a contract wallet asked with
 * EIP-1271), then one batched round of reads: the Permit2 nonce, the Permit2 allowance (missing, without a permit:
 * `permit2_allowance_required`), the balance, and a simulation of the proxy call from the facilitator's address.
 * A valid payment comes back with the proxy call that settles it (none when the amount is 0).
 */
export async function verifyPermit2Payment(
  parameters: VerifyPermit2PaymentParameters,
): Promise<VerifiedEvmPayment> {
  const { context, payload, authorization, witnessType, signature, amount, notBefore, proxy, encode, gas } =
    parameters;
  const payer = authorization.from;
  const fail = (reason: Parameters<typeof invalidVerification>[0], message: string) =>
    invalidVerification(reason, message, payer);
  const sponsoring = parseEip2612GasSponsoring({
    payload,
    payer,
    token: authorization.permitted.token,
    permitted: authorization.permitted.amount,
    notBefore,
  });
  if (!sponsoring.ok) return fail("invalid_payload", sponsoring.message);
  const { permit2612 } = sponsoring;

  // An EOA's signature recovers to `from`; anything else is taken for a contract wallet's (EIP-1271).
  const hash = hashTypedData(
    permit2WitnessTypedData({ chainId: context.chainId, authorization, witnessType }),
  );
  const signedByPayer = await isSignedBy({ hash, signature, signer: payer });

  const data = amount === 0n ? undefined : encode(permit2612);
  const state = await readPermit2State({
    context,
    token: authorization.permitted.token,
    owner: payer,
    nonce: authorization.nonce,
    simulation: data ? { to: proxy.address, data, abi: proxy.abi } : undefined,
    smartWallet: signedByPayer ? undefined : { hash, signature },
  });

  if (state.wallet && !(state.wallet.deployed && state.wallet.validSignature))
    return fail(
      "invalid_permit2_signature",
      state.wallet.deployed
        ? "The contract wallet did not accept the signature (EIP-1271)."
        : "The signature does not recover to `from`.",
    );
  if (state.nonceUsed === undefined)
    return fail("invalid_transaction_state", `Permit2 did not answer on ${context.network}.`);
  if (state.nonceUsed)
    return fail(
      "invalid_exact_evm_payload_authorization_nonce_used",
      "This authorization's Permit2 nonce was already used or invalidated.",
    );
  const withPermit = permit2612 !== undefined;
  const valid: VerifiedEvmPayment = {
    response: { isValid: true, payer },
    amount,
    call: data && {
      context,
      to: proxy.address,
      data,
      gas: withPermit ? gas.settleWithPermit : gas.settle,
    },
  };
  if (!data) return valid;
  const token = authorization.permitted.token;
  if (state.allowance === undefined || state.balance === undefined)
    return fail("invalid_payment_requirements", `The asset ${token} did not answer as an ERC-20.`);
  // The 412 of scheme_exact_evm.md phase 3 step 2: no allowance and no gas-sponsoring extension.
  if (state.allowance < amount && !withPermit)
    return fail(
      "permit2_allowance_required",
      `The payer allows Permit2 ${state.allowance}, the payment needs ${amount}: approve Permit2 on ${token} once.`,
    );
  if (state.balance < amount)
    return fail("insufficient_funds", `The payer holds ${state.balance}, the payment needs ${amount}.`);
  if (state.simulation && !state.simulation.ok)
    return fail(
      "invalid_transaction_state",
      `The simulated settlement reverted: ${state.simulation.message}`,
    );
  return valid;
}
