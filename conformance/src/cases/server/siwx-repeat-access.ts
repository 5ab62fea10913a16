import { paid, paymentFor, unchanged } from "../../context/serverChecks.js";
import { signInHeader, signInOffer } from "../../context/signInWithX.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.siwx.repeat-access",
  spec: ["siwx Check Payment History", "siwx Client Request", "siwx Validate Message Fields"],
  level: "MAY",
  role: "server",
  description:
    "A payer comes back signed in with sign-in-with-x and gets the content without paying again; the same proof twice is refused.",
  rationale:
    'Whether a payment entitles its payer to come back is application-specific ("Check Payment History"), hence MAY; nonce uniqueness is the spec\'s MUST once a server grants on a proof.',
  run: async (context) => {
    const { server, expect } = context;
    const path = server.routes.paid;
    await signInOffer(context, path);
    const { buyer, payload } = await paymentFor(context);
    await expect.balanceChanges(paid(context, buyer, server.price), async () => {
      const result = await server.pay(path, payload);
      expect.status(result, 200, "the first, paid request");
    });
    await expect.balanceChanges(unchanged(context, buyer), async () => {
      const header = await signInHeader(await signInOffer(context, path), buyer.account);
      const again = await server.get(path, { "SIGN-IN-WITH-X": header });
      expect.status(again, 200, "the signed-in request");
      expect.that(server.delivered(again), "the signed-in request did not get the content");
      const replay = await server.get(path, { "SIGN-IN-WITH-X": header });
      expect.that(!server.delivered(replay), `the same proof again got the content (HTTP ${replay.status})`);
    });
  },
});
