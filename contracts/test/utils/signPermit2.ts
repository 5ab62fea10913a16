import { type Address, type Hex, hexToBigInt, type LocalAccount, toHex } from "viem";
import { permit2Address } from "../../src/index.js";

export type Permit2Message = {
  permitted: { token: Address; amount: bigint };
  spender: Address;
  nonce: bigint;
  deadline: bigint;
  witness: { to: Address; validAfter: bigint; facilitator?: Address };
};

export type SignPermit2Parameters = {
  signer: LocalAccount;
  /** `upto` adds `facilitator` to the witness. */
  scheme: "exact" | "upto";
  message: Omit<Permit2Message, "nonce"> & { nonce?: bigint };
};

const tokenPermissions = [
  { name: "token", type: "address" },
  { name: "amount", type: "uint256" },
] as const;
const permitWitnessTransferFrom = [
  { name: "permitted", type: "TokenPermissions" },
  { name: "spender", type: "address" },
  { name: "nonce", type: "uint256" },
  { name: "deadline", type: "uint256" },
  { name: "witness", type: "Witness" },
] as const;
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

/** Signs Permit2's `PermitWitnessTransferFrom` with the x402 witness of `scheme` (random nonce unless given). */
export async function signPermit2({
  signer,
  scheme,
  message,
}: SignPermit2Parameters): Promise<{ message: Permit2Message; signature: Hex }> {
  const full = {
    ...message,
    nonce: message.nonce ?? hexToBigInt(toHex(crypto.getRandomValues(new Uint8Array(32)))),
  };
  const signature = await signPermit2Witness({
    signer,
    witnessName: "Witness",
    witnessType: witnessTypes[scheme],
    message: full,
  });
  return { message: full, signature };
}

export type SignPermit2WitnessParameters = {
  signer: LocalAccount;
  /** The witness type's name (`Witness` for exact and upto, `DepositWitness` for batch-settlement deposits). */
  witnessName: string;
  witnessType: readonly { name: string; type: string }[];
  message: {
    permitted: { token: Address; amount: bigint };
    spender: Address;
    nonce: bigint;
    deadline: bigint;
    witness: Record<string, unknown>;
  };
};

/** Signs Permit2's `PermitWitnessTransferFrom` with any witness type. */
export function signPermit2Witness({
  signer,
  witnessName,
  witnessType,
  message,
}: SignPermit2WitnessParameters) {
  return signer.signTypedData({
    domain: { name: "Permit2", chainId: 31337, verifyingContract: permit2Address },
    types: {
      PermitWitnessTransferFrom: permitWitnessTransferFrom.map((field) =>
        field.name === "witness" ? { ...field, type: witnessName } : field,
      ),
      TokenPermissions: tokenPermissions,
      [witnessName]: witnessType,
    },
    primaryType: "PermitWitnessTransferFrom",
    message: message as never,
  } as never);
}
