import { createSignInChallenge, createSignInWithXHeader, verifySignInWithX } from "@x402kit/core";
import { base64DecodeUtf8, base64EncodeUtf8, type SignInChain } from "@x402kit/types";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { evmSignInSigner } from "./evmSignInSigner.js";
import { evmSignInVerifier } from "./evmSignInVerifier.js";
import { siweMessage } from "./siweMessage.js";

// Sign-in-with-x with EOAs, offline: real EIP-191 signatures over EIP-4361 messages, checked by recovery. Smart
// wallets (EIP-1271, ERC-6492) need a chain: test/signIn.chain.test.ts.

const account = privateKeyToAccount(generatePrivateKey());
const url = "http://127.0.0.1:3000/articles/7";
const chains: SignInChain[] = [{ chainId: "eip155:31337", type: "eip191" }];
const now = Date.parse("2026-01-15T10:30:00.000Z");

async function signedHeader(options: { signer?: typeof account; at?: number; requestUrl?: string } = {}) {
  const extension = createSignInChallenge({ url, chains, statement: "Read again", now: options.at ?? now })[
    "sign-in-with-x"
  ];
  const created = await createSignInWithXHeader({
    extension,
    requestUrl: options.requestUrl ?? url,
    signers: [evmSignInSigner({ account: options.signer ?? account })],
  });
  if (!created.ok) throw new Error(created.message);
  return created.header;
}

/** Decodes a header, changes the proof, encodes it again (the signature no longer matches unless re-signed). */
const tampered = (header: string, change: Record<string, unknown>) =>
  base64EncodeUtf8(JSON.stringify({ ...JSON.parse(base64DecodeUtf8(header)!), ...change }));

function verify(header: string, options: { url?: string; at?: number; used?: Set<string> } = {}) {
  const used = options.used ?? new Set<string>();
  return verifySignInWithX({
    header,
    url: options.url ?? url,
    chains,
    verifiers: [evmSignInVerifier()],
    useNonce: async (nonce) => !used.has(nonce) && Boolean(used.add(nonce)),
    now: options.at ?? now + 5_000,
  });
}

describe("sign-in-with-x on eip155, offline", () => {
  it("signs the EIP-4361 message of the challenge and verifies it: the address comes back lower-case", async () => {
    const header = await signedHeader();
    const proof = JSON.parse(base64DecodeUtf8(header)!);
    expect(proof).toMatchObject({
      domain: "127.0.0.1:3000",
      uri: url,
      chainId: "eip155:31337",
      type: "eip191",
    });
    expect(siweMessage(proof, proof.address)).toContain(
      `127.0.0.1:3000 wants you to sign in with your Ethereum account:\n${account.address}\n\nRead again\n\nURI: ${url}\nVersion: 1\nChain ID: 31337\nNonce: ${proof.nonce}\nIssued At: 2026-01-15T10:30:00.000Z`,
    );
    expect(await verify(header)).toMatchObject({ ok: true, address: account.address.toLowerCase() });
  });

  it("refuses a replayed proof (the nonce is used once)", async () => {
    const header = await signedHeader();
    const used = new Set<string>();
    expect(await verify(header, { used })).toMatchObject({ ok: true });
    expect(await verify(header, { used })).toMatchObject({ ok: false, reason: "invalid_siwx_nonce_used" });
  });

  it.each([
    ["another site's proof", { url: "http://127.0.0.1:4000/articles/7" }, "invalid_siwx_domain_mismatch"],
    ["a proof issued over 5 minutes ago", { at: now + 301_000 }, "invalid_siwx_issued_at_too_old"],
    ["a proof issued in the future", { at: now - 120_000 }, "invalid_siwx_issued_at_in_future"],
  ])("refuses %s", async (_name, options, reason) => {
    expect(await verify(await signedHeader(), options)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ["a changed resource", { uri: "http://127.0.0.1:3000/articles/8" }, "invalid_siwx_signature"],
    [
      "a changed address",
      { address: privateKeyToAccount(generatePrivateKey()).address },
      "invalid_siwx_signature",
    ],
    ["a URI on another origin", { uri: "http://evil.example/articles/7" }, "invalid_siwx_uri_mismatch"],
    ["an expired proof", { expirationTime: "2026-01-15T10:30:01.000Z" }, "invalid_siwx_expired"],
    ["a proof not valid yet", { notBefore: "2026-01-15T11:00:00.000Z" }, "invalid_siwx_not_yet_valid"],
    ["an unoffered chain", { chainId: "eip155:1" }, "invalid_siwx_unsupported_chain"],
    [
      "a Solana proof",
      { chainId: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", type: "ed25519" },
      "invalid_siwx_unsupported_chain",
    ],
    ["a garbage signature", { signature: "0x1234" }, "invalid_siwx_signature"],
    ["a missing signature", { signature: undefined }, "invalid_siwx_header"],
    ["a bad issuedAt", { issuedAt: "yesterday" }, "invalid_siwx_header"],
  ])("refuses %s", async (_name, change, reason) => {
    expect(await verify(tampered(await signedHeader(), change))).toMatchObject({ ok: false, reason });
  });

  it("refuses a header that is not base64 JSON, and never throws", async () => {
    for (const header of ["%%%", base64EncodeUtf8("not json"), base64EncodeUtf8("[]"), "x".repeat(20_000)])
      expect(await verify(header)).toMatchObject({ ok: false, reason: "invalid_siwx_header" });
  });

  it("the client refuses to sign a challenge for another site than the one it asked", async () => {
    const extension = createSignInChallenge({ url: "http://bank.example/account", chains, now })[
      "sign-in-with-x"
    ];
    const created = await createSignInWithXHeader({
      extension,
      requestUrl: url,
      signers: [evmSignInSigner({ account })],
    });
    expect(created).toMatchObject({ ok: false, reason: "foreign" });
    const noSigner = await createSignInWithXHeader({
      extension: {
        ...extension,
        info: { ...extension.info, domain: "127.0.0.1:3000", uri: url },
        supportedChains: [{ chainId: "solana:x", type: "ed25519" }],
      },
      requestUrl: url,
      signers: [evmSignInSigner({ account })],
    });
    expect(noSigner).toMatchObject({ ok: false });
  });
});
