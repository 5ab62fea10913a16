import { type BuildRequirementsParameters, moneyToAtomic, type SchemeServer } from "@x402kit/core";
import { exactSvmExtraSchema, type PaymentRequirements, svmAddressSchema } from "@x402kit/types";
import { knownUsdcMints } from "../constants.js";
import { ExactSvmError } from "../errors/ExactSvmError.js";
import { isSolanaNetwork } from "../utils/isSolanaNetwork.js";
import { type FacilitatorDirectory, resolveFeePayer } from "./resolveFeePayer.js";

/** A token to price in: its mint and decimals. */
export type ExactSvmAsset = { address: string; decimals: number };

export type ExactSvmServerParameters = {
  /**
   * The token to price money in, by network, e.g. `{ "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1": { address, decimals: 6 } }`.
   * Networks left out use Circle's USDC on mainnet, devnet and testnet.
   */
  assets?: Record<string, ExactSvmAsset> | undefined;
  /**
   * Who pays the fees (`extra.feePayer`, scheme_exact_svm.md): a fee payer's address, or the facilitator itself
   * (an HTTP facilitator client or an in-process one), whose `GET /supported` announces it. A route's own
   * `extra.feePayer` wins over both.
   */
  facilitator?: string | FacilitatorDirectory | undefined;
};

export type ExactSvmServerReturnType = SchemeServer;

export type ExactSvmServerErrorType = ExactSvmError;

/**
 * The resource-server side of the exact scheme on Solana: a route's price becomes PaymentRequirements on a Solana
 * network, with the mint as `asset`, atomic units as `amount`, and the facilitator's fee payer in `extra.feePayer`
 * (asked once from `GET /supported`, again after a failure). A route's `extra` adds to it, e.g. a seller's
 * `memo` (at most 256 bytes), which the client must then carry and the facilitator checks.
 */
export function exactSvmServer(parameters: ExactSvmServerParameters = {}): ExactSvmServerReturnType {
  const assets = parameters.assets ?? {};
  for (const [network, asset] of Object.entries(assets))
    if (
      !isSolanaNetwork(network) ||
      !svmAddressSchema.safeParse(asset?.address).success ||
      !Number.isInteger(asset.decimals) ||
      asset.decimals < 0 ||
      asset.decimals > 18
    )
      throw new ExactSvmError(
        "invalid_config",
        `assets["${network}"] must be a Solana mint { address, decimals }.`,
      );
  const { facilitator } = parameters;
  if (typeof facilitator === "string" && !svmAddressSchema.safeParse(facilitator).success)
    throw new ExactSvmError("invalid_config", `facilitator "${facilitator}" is not a Solana address.`);
  let supported: ReturnType<FacilitatorDirectory["supported"]> | undefined;

  const feePayerFor = async (network: string): Promise<string> => {
    if (typeof facilitator === "string") return facilitator;
    if (facilitator) {
      if (!supported) {
        const asked = facilitator.supported();
        supported = asked;
        asked.catch(() => {
          if (supported === asked) supported = undefined; // ask again next time
        });
      }
      const feePayer = resolveFeePayer({ supported: await supported, network });
      if (feePayer) return feePayer;
      throw new ExactSvmError(
        "invalid_config",
        `The facilitator announces no exact fee payer for ${network}.`,
        {
          details: { network },
        },
      );
    }
    throw new ExactSvmError(
      "invalid_config",
      "exact on Solana needs the fee payer: pass `facilitator` (its address or the facilitator client).",
      { details: { network } },
    );
  };

  return {
    scheme: "exact",
    networks: ["solana:*"],
    async buildRequirements(input: BuildRequirementsParameters): Promise<PaymentRequirements> {
      const { network, price, payTo, maxTimeoutSeconds } = input;
      const fail = (message: string): never => {
        throw new ExactSvmError("invalid_config", message, { details: { network, payTo } });
      };
      if (!isSolanaNetwork(network))
        fail(`"${network}" is not a Solana network (solana:<genesis hash prefix>).`);
      if (!svmAddressSchema.safeParse(payTo).success) fail(`payTo "${payTo}" is not a Solana address.`);
      let asset: string;
      let amount: string;
      if (price.kind === "money") {
        const known =
          assets[network] ??
          (knownUsdcMints[network] ? { address: knownUsdcMints[network], decimals: 6 } : undefined);
        if (!known)
          return fail(
            `No asset is configured for ${network} and x402kit knows no USDC there; set \`assets\`.`,
          );
        asset = known.address;
        amount = moneyToAtomic(price.usd, known.decimals).toString();
      } else {
        if (!svmAddressSchema.safeParse(price.asset).success)
          fail(`asset "${price.asset}" is not a Solana mint address.`);
        asset = price.asset;
        amount = price.amount;
      }
      const routeExtra = { ...(price.kind === "atomic" ? price.extra : {}), ...input.extra };
      const extra = {
        ...routeExtra,
        feePayer: typeof routeExtra.feePayer === "string" ? routeExtra.feePayer : await feePayerFor(network),
      };
      const checked = exactSvmExtraSchema.safeParse(extra);
      if (!checked.success)
        fail(`extra.${checked.error.issues[0]?.path.join(".")}: ${checked.error.issues[0]?.message}`);
      return { scheme: "exact", network, amount, asset, payTo, maxTimeoutSeconds, extra };
    },
  };
}
