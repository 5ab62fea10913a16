/**
 * The spec sections the cases cite, at one pinned version of the x402 specification: the public repository
 * coinbase/x402 (moved to x402-foundation/x402), `specs/`, at commit `specCommit`. Each entry names the file and the
 * line where the section starts, so that a case links to the exact text it judges against. The v2 core
 * specification numbers its sections in bold text rather than headings, so links go to lines (`?plain=1#L<n>`)
 * for every file alike. `scripts/checkSpecSections.ts <spec checkout>` checks every line below against a checkout.
 */
export const specRepository = "coinbase/x402";
export const specCommit = "dd927a26cfefc98c24b3ec38b3a8f204dad0c60d";
export const specCommitDate = "2026-04-21";

export type SpecSection =
  | {
      /** Path under `specs/`. */
      file: string;
      /** 1-based line of the section's title at `specCommit`. */
      line: number;
      /** The section's title as the spec writes it (checked against the line). */
      title: string;
    }
  | {
      /** Path under `specs/`. */
      file: string;
      /** The section's title (its heading). */
      title: string;
      /**
       * A document newer than `specCommit` (the EVM batch-settlement scheme) is pinned to its own repository and
       * commit, and linked by its heading's anchor.
       */
      repository: string;
      commit: string;
      anchor: string;
    };

/** scheme_batch_settlement_evm.md is not in the pinned commit: it is cited at x402-foundation/x402 at this one. */
const batchSettlementPin = {
  repository: "x402-foundation/x402",
  commit: "1889fdd55ff22a641dafc7b1df3cda345aaf40bc",
} as const;
const batchSettlementEvm = "schemes/batch-settlement/scheme_batch_settlement_evm.md";
const batch = (title: string, anchor: string) =>
  ({ file: batchSettlementEvm, title, anchor, ...batchSettlementPin }) as const;

const v2 = "x402-specification-v2.md";
const v1 = "x402-specification-v1.md";
const httpV2 = "transports-v2/http.md";
const httpV1 = "transports-v1/http.md";
const mcp = "transports-v2/mcp.md";
const exactEvm = "schemes/exact/scheme_exact_evm.md";
const uptoEvm = "schemes/upto/scheme_upto_evm.md";
const upto = "schemes/upto/scheme_upto.md";
const eip2612 = "extensions/eip2612_gas_sponsoring.md";
const bazaar = "extensions/bazaar.md";
const siwx = "extensions/sign-in-with-x.md";
const exactSvm = "schemes/exact/scheme_exact_svm.md";

export const specSections = {
  "v2 §2": { file: v2, line: 36, title: "2. Core Payment Flow" },
  "v2 §5.1": { file: v2, line: 68, title: "5.1 PaymentRequired Schema" },
  "v2 §5.1.2": { file: v2, line: 101, title: "5.1.2 Field Descriptions" },
  "v2 §5.2": { file: v2, line: 142, title: "5.2 PaymentPayload Schema" },
  "v2 §5.2.2": { file: v2, line: 183, title: "5.2.2 Field Descriptions" },
  "v2 §5.3": { file: v2, line: 215, title: "5.3 SettlementResponse Schema" },
  "v2 §5.3.2": { file: v2, line: 230, title: "5.3.2 Field Descriptions" },
  "v2 §5.4": { file: v2, line: 244, title: "5.4 VerifyResponse Schema" },
  "v2 §6.1.2": { file: v2, line: 288, title: "6.1.2 Verification Steps" },
  "v2 §6.1.3": { file: v2, line: 299, title: "6.1.3 Settlement" },
  "v2 §7": { file: v2, line: 315, title: "7. Facilitator Interface" },
  "v2 §7.1": { file: v2, line: 319, title: "7.1 POST /verify" },
  "v2 §7.2": { file: v2, line: 407, title: "7.2 POST /settle" },
  "v2 §7.3": { file: v2, line: 438, title: "7.3 GET /supported" },
  "v2 §7.3.1": { file: v2, line: 476, title: "7.3.1 SupportedResponse Fields" },
  "v2 §8": { file: v2, line: 493, title: "8. Discovery API" },
  "v2 §8.1": { file: v2, line: 499, title: "8.1 GET /discovery/resources" },
  "v2 §8.2": { file: v2, line: 550, title: "8.2 Discovered Resource Fields" },
  "v2 §9": { file: v2, line: 580, title: "9. Error Handling" },
  "v2 §10.1": { file: v2, line: 602, title: "10.1 Replay Attack Prevention" },
  "v2 §11.1": { file: v2, line: 617, title: "11.1 Network Identifiers" },
  "v2 §12.1": { file: v2, line: 652, title: "12.1 AI Agent Integration" },
  "v1 §5": { file: v1, line: 64, title: "5. Types" },
  "v1 §5.1.2": { file: v1, line: 99, title: "5.1.2 Field Descriptions" },
  "v1 §7.1": { file: v1, line: 275, title: "7.1 POST /verify" },
  "v1 §11.1": { file: v1, line: 545, title: "11.1 Supported Networks" },
  "http-v2 Payment Required Signaling": { file: httpV2, line: 7, title: "Payment Required Signaling" },
  "http-v2 Payment Payload Transmission": { file: httpV2, line: 52, title: "Payment Payload Transmission" },
  "http-v2 Settlement Response Delivery": { file: httpV2, line: 108, title: "Settlement Response Delivery" },
  "http-v2 Header Summary": { file: httpV2, line: 161, title: "Header Summary" },
  "http-v2 Response Body": { file: httpV2, line: 169, title: "Response Body" },
  "http-v2 Error Handling": { file: httpV2, line: 173, title: "Error Handling" },
  "http-v1 Payment Required Signaling": { file: httpV1, line: 7, title: "Payment Required Signaling" },
  "http-v1 Payment Payload Transmission": { file: httpV1, line: 44, title: "Payment Payload Transmission" },
  "http-v1 Settlement Response Delivery": { file: httpV1, line: 85, title: "Settlement Response Delivery" },
  "mcp Payment Flow Overview": { file: mcp, line: 7, title: "Payment Flow Overview" },
  "mcp Payment Required Signaling": { file: mcp, line: 16, title: "Payment Required Signaling" },
  "mcp Server Requirements": { file: mcp, line: 23, title: "Server Requirements" },
  "mcp Client Requirements": { file: mcp, line: 73, title: "Client Requirements" },
  "mcp Payment Payload Transmission": { file: mcp, line: 80, title: "Payment Payload Transmission" },
  "mcp Settlement Response Delivery": { file: mcp, line: 137, title: "Settlement Response Delivery" },
  "mcp Settlement Failure": { file: mcp, line: 169, title: "Settlement Failure" },
  "mcp Error Handling": { file: mcp, line: 212, title: "Error Handling" },
  "exact-evm §1": { file: exactEvm, line: 21, title: "1. AssetTransferMethod: `EIP-3009`" },
  "exact-evm §1 Phase 1": { file: exactEvm, line: 25, title: "Phase 1: `PAYMENT-SIGNATURE` Header Payload" },
  "exact-evm §1 Phase 2": { file: exactEvm, line: 69, title: "Phase 2: Verification Logic" },
  "exact-evm §1 Phase 3": { file: exactEvm, line: 77, title: "Phase 3: Settlement Logic" },
  "exact-evm §2": { file: exactEvm, line: 83, title: "2. AssetTransferMethod: `Permit2`" },
  "exact-evm §2 Phase 1": { file: exactEvm, line: 87, title: "Phase 1: One-Time Gas Approval" },
  "exact-evm §2 Phase 2": { file: exactEvm, line: 111, title: "Phase 2: `PAYMENT-SIGNATURE` Header Payload" },
  "exact-evm §2 Phase 3": { file: exactEvm, line: 160, title: "Phase 3: Verification Logic" },
  "exact-evm §2 Phase 4": { file: exactEvm, line: 189, title: "Phase 4: Settlement Logic" },
  "exact-evm Annex x402ExactPermit2Proxy": {
    file: exactEvm,
    line: 332,
    title: "Reference Implementation: `x402ExactPermit2Proxy`",
  },
  "exact-svm Protocol Flow": { file: exactSvm, line: 11, title: "Protocol Flow" },
  "exact-svm PaymentRequirements": { file: exactSvm, line: 30, title: "`PaymentRequirements` for `exact`" },
  "exact-svm PaymentPayload": { file: exactSvm, line: 53, title: "PaymentPayload `payload` Field" },
  "exact-svm SettlementResponse": { file: exactSvm, line: 93, title: "`SettlementResponse`" },
  "exact-svm Verification Rules": {
    file: exactSvm,
    line: 106,
    title: "Facilitator Verification Rules (MUST)",
  },
  "exact-svm Verification Rules 1": { file: exactSvm, line: 110, title: "1. Instruction layout" },
  "exact-svm Verification Rules 2": { file: exactSvm, line: 125, title: "2. Fee payer (facilitator) safety" },
  "exact-svm Verification Rules 3": { file: exactSvm, line: 131, title: "3. Compute budget validity" },
  "exact-svm Verification Rules 4": {
    file: exactSvm,
    line: 136,
    title: "4. Transfer intent and destination",
  },
  "exact-svm Verification Rules 5": { file: exactSvm, line: 141, title: "5. Account existence" },
  "exact-svm Verification Rules 6": { file: exactSvm, line: 146, title: "6. Amount" },
  "exact-svm Duplicate Settlement Mitigation": {
    file: exactSvm,
    line: 152,
    title: "Duplicate Settlement Mitigation (RECOMMENDED)",
  },
  "upto §4": { file: upto, line: 43, title: "4. Maximum Amount Enforcement" },
  "upto-evm §1 Phase 2": { file: uptoEvm, line: 55, title: "Phase 2: `PAYMENT-SIGNATURE` Header Payload" },
  "upto-evm §1 Phase 3": { file: uptoEvm, line: 140, title: "Phase 3: Verification Logic" },
  "upto-evm §1 Phase 4": { file: uptoEvm, line: 169, title: "Phase 4: Settlement Logic" },
  "upto-evm §3": { file: uptoEvm, line: 232, title: "3. SettlementResponse Schema Extension" },
  "eip2612 PaymentRequired": { file: eip2612, line: 9, title: "`PaymentRequired`" },
  "eip2612 Verification Logic": { file: eip2612, line: 157, title: "Verification Logic" },
  "eip2612 Settlement Logic": { file: eip2612, line: 166, title: "Settlement Logic" },
  "bazaar PaymentRequired": { file: bazaar, line: 9, title: "## `PaymentRequired`" },
  "bazaar Facilitator Behavior": { file: bazaar, line: 356, title: "Facilitator Behavior" },
  "siwx PaymentRequired": { file: siwx, line: 9, title: "## PaymentRequired" },
  "siwx Client Request": { file: siwx, line: 124, title: "Client Request" },
  "siwx Message Metadata": { file: siwx, line: 158, title: "Message Metadata (`info`)" },
  "siwx Authentication Methods": {
    file: siwx,
    line: 175,
    title: "Authentication Methods (`supportedChains[]`)",
  },
  "siwx Validate Message Fields": { file: siwx, line: 266, title: "2. Validate Message Fields" },
  "siwx Verify Signature": { file: siwx, line: 275, title: "3. Verify Signature" },
  "siwx Check Payment History": { file: siwx, line: 282, title: "4. Check Payment History" },
  "siwx Security Considerations": { file: siwx, line: 288, title: "Security Considerations" },
  "batch-evm Channel creation and deposits": batch(
    "Channel creation and deposits",
    "channel-creation-and-deposits",
  ),
  "batch-evm Deposit Payload": batch("Deposit Payload", "deposit-payload"),
  "batch-evm Voucher Payload": batch("Voucher Payload", "voucher-payload"),
  "batch-evm POST /verify": batch("POST /verify", "post-verify"),
  "batch-evm POST /settle": batch("POST /settle", "post-settle"),
  "batch-evm GET /supported": batch("GET /supported", "get-supported"),
  "batch-evm Verification Rules": batch("Verification Rules", "verification-rules"),
  "batch-evm Claim & Settlement Strategy": batch("Claim & Settlement Strategy", "claim--settlement-strategy"),
  "batch-evm Cooperative refund flow": batch("Cooperative refund flow", "cooperative-refund-flow"),
  "batch-evm Error Codes": batch("Error Codes", "error-codes"),
} as const satisfies Record<string, SpecSection>;

export type SpecSectionId = keyof typeof specSections;

/**
 * A citation: a section, optionally with what in it, in parentheses: `"v2 §6.1.2 (4)"`, `"v2 §9 (invalid_network)"`.
 */
export type SpecRef = SpecSectionId | `${SpecSectionId} (${string})`;
