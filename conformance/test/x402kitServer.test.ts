import { describe, it } from "vitest";
import { startX402kitExpressServer } from "../peers/x402kitServerExpress.js";
import { startX402kitFastifyServer } from "../peers/x402kitServerFastify.js";
import { startX402kitHonoServer } from "../peers/x402kitServerHono.js";
import { expectEveryMustPasses, runAndReport } from "./conformanceRun.js";

// x402kit's server adapters, in process: every MUST case passes; the rest is logged and reported.
describe("server target against x402kit", () => {
  it("@x402kit/server/express", { timeout: 180_000 }, async () => {
    expectEveryMustPasses(
      await runAndReport(
        "x402kit-server-express",
        { target: "server", start: startX402kitExpressServer },
        {
          publish: {
            implementation: "x402kit",
            subject:
              "@x402kit/server/express with exactEvmServer (peers/x402kitServerExpress.ts; hono and fastify alike)",
          },
        },
      ),
    );
  });

  it("@x402kit/server/hono", { timeout: 180_000 }, async () => {
    expectEveryMustPasses(
      await runAndReport("x402kit-server-hono", { target: "server", start: startX402kitHonoServer }),
    );
  });

  it("@x402kit/server/fastify", { timeout: 180_000 }, async () => {
    expectEveryMustPasses(
      await runAndReport("x402kit-server-fastify", { target: "server", start: startX402kitFastifyServer }),
    );
  });
});
