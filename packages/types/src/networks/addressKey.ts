const hexAddress = /^0x[0-9a-fA-F]*$/;

/**
 * The form under which two spellings of one address compare equal. EVM addresses are hex, whose case only carries a
 * checksum (EIP-55), so they compare lowercased; every other address (Solana's base58, ...) is case-sensitive and
 * stays as it is: lowercasing base58 would merge distinct addresses.
 */
export function addressKey(address: string): string {
  return hexAddress.test(address) ? address.toLowerCase() : address;
}
