#!/usr/bin/env node
// Checked before anything loads, so that an older Node gets advice rather than a stack trace ("No such built-in
// module: node:sqlite" on Node 20): the facilitator needs Node.js 22.12 or newer.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `x402kit-facilitator needs Node.js 22.12 or newer; this is ${process.version}.\n` +
      "Install Node 22 (for example `nvm install 22`, or the node:22 container image) and run it again.\n",
  );
  process.exit(1);
}
await import("../dist/cli.js");
