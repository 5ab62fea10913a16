/**
 * pnpm demo: the whole x402 flow on one machine. Each file in `sections/` is one step (a local chain, a facilitator,
 * a paid API, an agent that pays, a reconciliation), run in the order of their file names; see ../README.md.
 *
 *   pnpm demo            run every section, print what happened, stop everything
 *   pnpm demo --keep     the same, then leave the chain, the facilitator and the API running until Ctrl-C
 */

import { parseArgs } from "node:util";
import { createDemo } from "./demo/createDemo.js";
import { loadSections } from "./demo/loadSections.js";

const started = performance.now();
const usage = "usage: pnpm demo [--keep]";
let values: { keep: boolean };
try {
  // `pnpm demo -- --keep` hands the "--" on as well.
  const args = process.argv.slice(2).filter((arg) => arg !== "--");
  ({ values } = parseArgs({ args, options: { keep: { type: "boolean", default: false } } }));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
const demo = createDemo({ keep: values.keep });
const stopAndExit = (code: number) => void demo.stop().then(() => process.exit(code));
// With --keep, Ctrl-C is the way to end the demo, so it exits 0 then.
process.on("SIGINT", () => stopAndExit(values.keep ? 0 : 130));
process.on("SIGTERM", () => stopAndExit(143));

try {
  const sections = await loadSections();
  for (const [i, section] of sections.entries()) {
    demo.section = section.name;
    demo.print(`${i === 0 ? "" : "\n"}${i + 1}. ${section.title}`);
    await section.run(demo);
  }
  demo.section = undefined;
  demo.print(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`\ndemo failed${demo.section ? ` in section ${demo.section}` : ""}:`, error);
  await demo.stop();
  process.exit(1);
}

if (demo.options.keep) {
  const chain = demo.need("chain");
  demo.print("\n--keep: the chain, the facilitator and the API stay up until Ctrl-C. Try:");
  demo.print(
    `  curl -i ${demo.need("api").url}/weather                       # the 402 and its PAYMENT-REQUIRED`,
  );
  demo.print(`  curl ${demo.need("facilitator").url}/supported`);
  demo.print(
    `  curl -s ${chain.rpcUrl} -H 'content-type: application/json' ` +
      `-d '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}'`,
  );
  demo.print(`  buyer key ${chain.accounts.buyer.privateKey} (a well-known test key: local chain only)`);
} else {
  await demo.stop();
  process.exit(0);
}
