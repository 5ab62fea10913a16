/** The current Unix time in whole seconds (the clock that EIP-3009 time bounds are compared with). */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
