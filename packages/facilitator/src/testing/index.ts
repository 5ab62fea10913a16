export { describeStoreContract } from "./describeStoreContract.js";
export {
  sampleDiscoveredResource,
  sampleDiscoveryRequirements,
} from "./sampleDiscoveredResource.js";
export { sampleSettlementRecord, sampleSettleSuccess } from "./sampleSettlementRecord.js";
