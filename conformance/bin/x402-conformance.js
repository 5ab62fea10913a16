#!/usr/bin/env node
// Checked before anything loads, so that an older Node gets advice rather than a stack trace: the suite (and the
// Hardhat node it starts) needs Node.js 22.12 or newer.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `x402-conformance needs Node.js 22.12 or newer; this is ${process.version}.\n` +
      "Install Node 22 (for example `nvm install 22`), or run it from a clone of x402kit with pnpm, which brings Node 22.\n",
  );
  process.exit(1);
}
await import("../dist/cli.js");
