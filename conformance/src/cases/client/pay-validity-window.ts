import { exactEvmEip3009PayloadSchema, type PaymentPayload } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.pay.validity-window",
  spec: ["v2 §5.1.2 (maxTimeoutSeconds)", "v2 §6.1.2 (4)"],
  rationale:
    'maxTimeoutSeconds is the "maximum time allowed for payment completion"; the suite reads it as the longest validity an authorization may have from the moment it is sent (validBefore at most now + maxTimeoutSeconds).',
  level: "MUST",
  role: "client",
  description:
    "The authorization is valid now and expires no later than maxTimeoutSeconds after it was sent.",
  run: async ({ runClient, expect }) => {
    const run = await runClient({ accepts: (r) => [{ ...r, maxTimeoutSeconds: 120 }] });
    const paidRequest = run.payments[0];
    const decoded = paidRequest?.payment?.decoded as PaymentPayload | undefined;
    expect.that(decoded, "no decodable payment was sent");
    if (!decoded || !paidRequest) return;
    const { authorization } = expect.schema(
      exactEvmEip3009PayloadSchema,
      decoded.payload,
      "exact EVM payload",
    );
    const sentAt = BigInt(Math.floor(paidRequest.at / 1000));
    expect.that(
      BigInt(authorization.validAfter) <= sentAt,
      `validAfter ${authorization.validAfter} is after the request (${sentAt})`,
    );
    const lifetime = BigInt(authorization.validBefore) - sentAt;
    expect.that(lifetime > 0n, `validBefore ${authorization.validBefore} has passed`);
    expect.that(lifetime <= 120n + 5n, `validBefore lies ${lifetime} s ahead, maxTimeoutSeconds is 120`);
  },
});
