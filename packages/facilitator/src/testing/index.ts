export { describeStoreContract } from "./describeStoreContract.js";
export { type RunPaidLoadParameters, type RunPaidLoadReturnType, runPaidLoad } from "./runPaidLoad.js";
export {
  sampleDiscoveredResource,
  sampleDiscoveryRequirements,
} from "./sampleDiscoveredResource.js";
export { sampleSettlementRecord, sampleSettleSuccess } from "./sampleSettlementRecord.js";
