import {
  createKeyPairSignerFromBytes,
  getBase58Decoder,
  getBase58Encoder,
  type KeyPairSigner,
} from "@solana/kit";
import { FacilitatorConfigError } from "@x402kit/facilitator";
import { createSvmRpc, exactSvmFacilitator, knownUsdcMints } from "@x402kit/svm";
import { svmAddressSchema } from "@x402kit/types";
import { z } from "zod";
import type { ConfigContext } from "../configContext.js";
import { describeUrl, secretSchema, secretUrlSchema } from "../secretSchema.js";
import type { NetworkFamily } from "./networkFamily.js";

const keyMessage = "must be a 64-byte Solana secret key: base58, or the JSON array that solana-keygen writes";
const base58 = getBase58Encoder();
const base58Text = getBase58Decoder();

/** A 64-byte secret key from base58 text or a solana-keygen JSON array; undefined if it is neither. */
function readSecretKey(text: string): Uint8Array | undefined {
  try {
    const bytes = text.trimStart().startsWith("[")
      ? Uint8Array.from(JSON.parse(text) as number[])
      : new Uint8Array(base58.encode(text.trim()));
    return bytes.length === 64 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

const svmNetworkSchema = (context: ConfigContext) =>
  z.strictObject({
    /** JSON-RPC endpoints, tried in order: the next one takes over when one fails. */
    rpc: z
      .unknown()
      .transform((rpc) => (Array.isArray(rpc) ? rpc : [rpc]))
      .pipe(z.array(secretUrlSchema(context)).min(1, "give at least one URL")),
    /** The mints this network settles. Default: Circle's USDC where x402kit knows it; elsewhere required. */
    assets: z.array(svmAddressSchema).min(1, "list at least one mint").optional(),
    /** The schemes served on this network: exact. */
    schemes: z
      .array(z.enum(["exact"]))
      .min(1, "give at least one scheme")
      .default(["exact"]),
  });

export type SvmNetworkConfig = z.output<ReturnType<typeof svmNetworkSchema>>;

const svmSignersSchema = (context: ConfigContext) =>
  z
    .strictObject({
      /** The fee payer: its secret key, from a file (solana-keygen's JSON works) or the environment. */
      privateKey: secretSchema(context, { literal: false }).optional(),
      /** Several fee payers (base58 keys separated by commas, spaces or lines), announced in turn. */
      privateKeys: secretSchema(context, { literal: false }).optional(),
    })
    .refine((signers) => (signers.privateKey === undefined) !== (signers.privateKeys === undefined), {
      message: "give privateKey or privateKeys (one of them)",
    })
    .transform(({ privateKey, privateKeys }, issue) => {
      const texts = privateKey !== undefined ? [privateKey] : privateKeys!.split(/[\s,]+/).filter(Boolean);
      const keys: Uint8Array[] = [];
      texts.forEach((text, index) => {
        const key = readSecretKey(text);
        if (!key)
          issue.addIssue({
            code: "custom",
            message: texts.length > 1 ? `key ${index + 1}: ${keyMessage}` : keyMessage,
          });
        else {
          keys.push(key);
          // Redacted in every output, in each form it may be written.
          context.secrets.add(base58Text.decode(key));
          context.secrets.add(base58Text.decode(key.subarray(0, 32)));
        }
      });
      if (new Set(keys.map((key) => base58Text.decode(key))).size !== keys.length)
        issue.addIssue({ code: "custom", message: "the keys must be distinct" });
      return { keys };
    });

export type SvmSignersConfig = z.output<ReturnType<typeof svmSignersSchema>>;

/**
 * Solana networks (`solana:<genesis hash prefix>`): the exact scheme, its fee payers taking turns. Fee payers need
 * no lease: a Solana transaction carries a recent blockhash, not an account nonce, so instances that share a fee
 * payer never collide.
 */
export const svmFamily: NetworkFamily<SvmNetworkConfig, SvmSignersConfig> = {
  namespace: "solana",
  label: "Solana",
  networkSchema: svmNetworkSchema,
  signersSchema: svmSignersSchema,

  checkNetwork(id, network) {
    if (network.assets === undefined && knownUsdcMints[id] === undefined)
      return [{ path: ["assets"], message: `x402kit knows no USDC on ${id}: list the mints to settle` }];
    return [];
  },

  async wire({ networks, signers }) {
    const feePayers: KeyPairSigner[] = await Promise.all(
      signers.keys.map((key) => createKeyPairSignerFromBytes(key)),
    );
    const rpcs = Object.fromEntries(
      Object.entries(networks).map(([id, network]) => [id, createSvmRpc(network.rpc)]),
    );
    await Promise.all(
      Object.entries(rpcs).map(async ([id, rpc]) => {
        const genesis = await rpc
          .getGenesisHash()
          .send()
          .catch((error: unknown) => {
            throw new FacilitatorConfigError(
              `networks["${id}"].rpc: no answer from ${networks[id]!.rpc.map(describeUrl).join(", ")}`,
              { cause: error },
            );
          });
        // A Solana CAIP-2 reference is the first 32 characters of the cluster's genesis hash (spec v2 §11.1).
        if (`solana:${genesis.slice(0, 32)}` !== id)
          throw new FacilitatorConfigError(
            `networks["${id}"].rpc: the RPC serves solana:${genesis.slice(0, 32)}, not ${id}.`,
          );
      }),
    );
    const assetsOf = (id: string, network: SvmNetworkConfig) => network.assets ?? [knownUsdcMints[id]!];
    const scheme = exactSvmFacilitator({
      networks: Object.fromEntries(
        Object.entries(networks).map(([id, network]) => [
          id,
          { rpc: rpcs[id]!, feePayer: feePayers, assets: assetsOf(id, network) },
        ]),
      ),
    });
    return {
      schemes: [scheme],
      healthChecks: Object.fromEntries(
        Object.entries(rpcs).map(([id, rpc]) => [`rpc ${id}`, () => rpc.getSlot().send()]),
      ),
      describe: {
        networks: Object.fromEntries(
          Object.entries(networks).map(([id, network]) => [
            id,
            { rpc: network.rpc.map(describeUrl), schemes: network.schemes, assets: assetsOf(id, network) },
          ]),
        ),
        feePayers: feePayers.map((feePayer) => feePayer.address),
      },
    };
  },
};
