import { signInOffer } from "../../context/signInWithX.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.siwx.challenge",
  spec: [
    "siwx PaymentRequired",
    "siwx Message Metadata",
    "siwx Authentication Methods",
    "siwx Security Considerations",
  ],
  level: "SHOULD",
  role: "server",
  description:
    "A server offering sign-in-with-x puts a well-formed challenge in its 402: request host, URI on its origin, version 1, a fresh nonce.",
  rationale:
    "The extension is optional, so the case is SHOULD and skipped for a server that does not offer it; its fields are the spec's MUSTs once offered.",
  run: async (context) => {
    const { server, expect } = context;
    const first = await signInOffer(context, server.routes.paid);
    const second = await signInOffer(context, server.routes.paid);
    const { info, supportedChains } = first;
    const origin = new URL(server.url);
    expect.equal(info.domain, origin.host, "info.domain (the request host)");
    expect.that(
      typeof info.uri === "string" && info.uri.startsWith(origin.origin),
      `info.uri ${JSON.stringify(info.uri)} is not on ${origin.origin}`,
    );
    expect.equal(info.version, "1", "info.version (CAIP-122)");
    expect.that(
      /^[0-9a-fA-F]{32}$/.test(info.nonce),
      `info.nonce ${JSON.stringify(info.nonce)} is not 32 hex characters`,
    );
    expect.that(info.nonce !== second.info.nonce, "two 402s carry the same nonce");
    const issuedAt = Date.parse(info.issuedAt);
    expect.that(Math.abs(Date.now() - issuedAt) < 5 * 60_000, `info.issuedAt ${info.issuedAt} is not now`);
    if (info.expirationTime !== undefined)
      expect.that(Date.parse(info.expirationTime) > issuedAt, "info.expirationTime is not after issuedAt");
    expect.that(supportedChains.length > 0, "supportedChains is empty");
    for (const chain of supportedChains) {
      expect.that(
        /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/.test(chain.chainId),
        `chainId ${chain.chainId} is not CAIP-2`,
      );
      expect.that(
        typeof chain.type === "string" && chain.type.length > 0,
        "a supportedChains entry has no type",
      );
    }
  },
});
