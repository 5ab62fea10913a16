export { describeStoreContract } from "./describeStoreContract.js";
export { sampleSettlementRecord, sampleSettleSuccess } from "./sampleSettlementRecord.js";
