import { expectRefused, unchanged } from "../../context/serverChecks.js";
import { signInHeader, signInOffer } from "../../context/signInWithX.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.siwx.refuses-bad-proof",
  spec: [
    "siwx Client Request",
    "siwx Validate Message Fields",
    "siwx Verify Signature",
    "siwx Check Payment History",
  ],
  level: "SHOULD",
  role: "server",
  description:
    "A server offering sign-in-with-x gives no content for a malformed, foreign-domain or forged proof, or for an address that never paid.",
  rationale:
    "Skipped for a server that does not offer sign-in-with-x. The status of a refusal is left to the server (401, 403 or a 402 asking for payment); no content and no money moved is what is judged.",
  run: async (context) => {
    const { server } = context;
    const path = server.routes.paid;
    const buyer = await context.newBuyer();
    const stranger = await context.newBuyer();
    await context.expect.balanceChanges(unchanged(context, buyer), async () => {
      const send = (header: string) => server.get(path, { "SIGN-IN-WITH-X": header });
      expectRefused(context, await send("%%%not-base64"), "a malformed SIGN-IN-WITH-X");
      const foreign = await signInHeader(await signInOffer(context, path), buyer.account, {
        domain: "x402-conformance.invalid",
      });
      expectRefused(context, await send(foreign), "a proof for another domain");
      const offer = await signInOffer(context, path);
      const forged = JSON.parse(
        Buffer.from(await signInHeader(offer, stranger.account), "base64").toString("utf8"),
      );
      forged.address = buyer.address;
      expectRefused(
        context,
        await send(Buffer.from(JSON.stringify(forged)).toString("base64")),
        "a forged signature",
      );
      const neverPaid = await signInHeader(await signInOffer(context, path), buyer.account);
      expectRefused(context, await send(neverPaid), "a valid proof of an address that never paid");
    });
  },
});
