// Preloaded into the `hardhat node` child (node --import). The child runs in its own process group, so it would
// outlive a parent that dies without running its exit handlers (SIGKILL, a crash of the runtime). When the
// parent is gone the child has been re-parented: exit then.
const parent = Number(process.env.X402KIT_TESTCHAIN_PARENT_PID);
if (parent > 0) {
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 250).unref();
}
