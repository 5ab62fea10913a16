import type { BuildRequirementsParameters, SchemeServer } from "@x402kit/core";
import { type ExactEvmAsset, exactEvmServer } from "@x402kit/evm";
import { evmAddressSchema, type PaymentRequirements } from "@x402kit/types";
import { type Address, getAddress } from "viem";
import { UptoEvmError } from "../errors/UptoEvmError.js";
import { prepareUptoSettlement } from "./prepareUptoSettlement.js";
import { type FacilitatorDirectory, resolveFacilitatorAddress } from "./resolveFacilitatorAddress.js";

export type UptoEvmServerParameters = {
  /**
   * The token to price in, by network, e.g. `{ "eip155:31337": { address, name, version, decimals } }` (any ERC-20:
   * upto moves it through Permit2). Networks left out use Circle's USDC where x402kit knows its deployment.
   */
  assets?: Record<string, ExactEvmAsset> | undefined;
  /**
   * The facilitator that settles, so that clients bind their authorizations to it (`extra.facilitatorAddress`,
   * scheme_upto_evm.md): its address, or the facilitator itself (an HTTP facilitator client or an in-process one),
   * whose `GET /supported` announces the address. A route's own `extra.facilitatorAddress` wins over both.
   */
  facilitator?: Address | FacilitatorDirectory | undefined;
};

export type UptoEvmServerReturnType = SchemeServer & Required<Pick<SchemeServer, "prepareSettlement">>;

export type UptoEvmServerErrorType = UptoEvmError;

/**
 * The resource-server side of the upto scheme on EVM (scheme_upto_evm.md). `buildRequirements` prices the route like
 * the exact scheme does, and the price is the MAXIMUM the client authorises; `extra` carries the token's EIP-712
 * domain, `assetTransferMethod: "permit2"` and the facilitator's address. `prepareSettlement` puts the amount the
 * handler reported into the settlement requirements.
 */
export function uptoEvmServer(parameters: UptoEvmServerParameters = {}): UptoEvmServerReturnType {
  const pricing = exactEvmServer({ assets: parameters.assets });
  const { facilitator } = parameters;
  if (typeof facilitator === "string" && !evmAddressSchema.safeParse(facilitator).success)
    throw new UptoEvmError("invalid_config", `facilitator "${facilitator}" is not an EVM address.`);
  let supported: ReturnType<FacilitatorDirectory["supported"]> | undefined;

  const facilitatorAddress = async (network: string, extra: Record<string, unknown> | undefined) => {
    const fromRoute = extra?.facilitatorAddress;
    if (fromRoute !== undefined) {
      if (!evmAddressSchema.safeParse(fromRoute).success)
        throw new UptoEvmError(
          "invalid_config",
          `extra.facilitatorAddress "${fromRoute}" is not an EVM address.`,
        );
      return getAddress(fromRoute as string);
    }
    if (typeof facilitator === "string") return getAddress(facilitator);
    if (facilitator) {
      if (!supported) {
        const asked = facilitator.supported();
        supported = asked;
        asked.catch(() => {
          if (supported === asked) supported = undefined; // ask again next time
        });
      }
      const address = resolveFacilitatorAddress({ supported: await supported, network });
      if (address) return address;
      throw new UptoEvmError("invalid_config", `The facilitator announces no upto signer for ${network}.`, {
        details: { network },
      });
    }
    throw new UptoEvmError(
      "invalid_config",
      "upto needs the facilitator's address: pass `facilitator` (an address or the facilitator client).",
      { details: { network } },
    );
  };

  return {
    scheme: "upto",
    networks: ["eip155:*"],
    async buildRequirements(input: BuildRequirementsParameters): Promise<PaymentRequirements> {
      const priced = pricing.buildRequirements(input);
      return {
        ...priced,
        scheme: "upto",
        extra: {
          ...priced.extra,
          assetTransferMethod: "permit2",
          facilitatorAddress: await facilitatorAddress(input.network, input.extra),
        },
      };
    },
    prepareSettlement: prepareUptoSettlement,
  };
}
