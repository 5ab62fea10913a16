export { batchSettlementAbi, channelConfigParameter } from "./abis.js";
export {
  type BatchSettlementEvmClientErrorType,
  type BatchSettlementEvmClientParameters,
  type BatchSettlementEvmClientReturnType,
  batchSettlementEvmClient,
  type ClientChannel,
  type ClientChannelStorage,
} from "./client/batchSettlementEvmClient.js";
export {
  type RefundChannelErrorType,
  type RefundChannelParameters,
  type RefundChannelReturnType,
  refundChannel,
} from "./client/refundChannel.js";
export { type SignErc3009DepositParameters, signErc3009Deposit } from "./client/signErc3009Deposit.js";
export { type SignPermit2DepositParameters, signPermit2Deposit } from "./client/signPermit2Deposit.js";
export { type SignVoucherParameters, signVoucher, type VoucherSigner } from "./client/signVoucher.js";
export {
  batchSettlementAddress,
  batchSettlementDomainName,
  batchSettlementDomainVersion,
  batchSettlementScheme,
  depositWitnessName,
  depositWitnessType,
  erc3009DepositCollectorAddress,
  maxWithdrawDelay,
  minWithdrawDelay,
  permit2DepositCollectorAddress,
} from "./constants.js";
export {
  BatchSettlementEvmError,
  type BatchSettlementEvmErrorCode,
} from "./errors/BatchSettlementEvmError.js";
export {
  type BatchSettlementEvmFacilitatorErrorType,
  type BatchSettlementEvmFacilitatorParameters,
  type BatchSettlementEvmFacilitatorReturnType,
  batchSettlementEvmFacilitator,
} from "./facilitator/batchSettlementEvmFacilitator.js";
export { batchSettlementSettlementKey } from "./facilitator/batchSettlementSettlementKey.js";
export { type ReadChannelStateParameters, readChannelState } from "./facilitator/readChannelState.js";
export * from "./schemas.js";
export {
  type BatchSettlementEvmServerErrorType,
  type BatchSettlementEvmServerParameters,
  type BatchSettlementEvmServerReturnType,
  batchSettlementEvmServer,
} from "./server/batchSettlementEvmServer.js";
export {
  type ChannelManager,
  type ClaimParameters,
  type ClaimReturnType,
  type CreateChannelManagerParameters,
  createChannelManager,
  type StartParameters,
} from "./server/createChannelManager.js";
export {
  type ServerChannel,
  type ServerChannelState,
  serverChannelStateSchema,
} from "./server/serverChannel.js";
export {
  batchSettlementDomain,
  channelConfigTypes,
  claimBatchTypes,
  refundTypes,
  voucherTypes,
} from "./typedData.js";
export { channelStateExtra, type OnchainChannelState } from "./utils/channelStateExtra.js";
export {
  type CheckChannelTermsParameters,
  type CheckChannelTermsReturnType,
  checkChannelTerms,
} from "./utils/checkChannelTerms.js";
export { type ClaimBatchDigestParameters, claimBatchDigest } from "./utils/claimBatchDigest.js";
export { type ComputeChannelIdParameters, computeChannelId } from "./utils/computeChannelId.js";
export { encodeErc3009CollectorData } from "./utils/encodeErc3009CollectorData.js";
export { encodePermit2CollectorData } from "./utils/encodePermit2CollectorData.js";
export { erc3009DepositNonce } from "./utils/erc3009DepositNonce.js";
export {
  batchSettlementDomainSeparator,
  hashBatchSettlementTypedData,
} from "./utils/hashBatchSettlementTypedData.js";
export { type RefundDigestParameters, refundDigest } from "./utils/refundDigest.js";
export {
  type AuthorizerAccount,
  type SignClaimBatchParameters,
  signClaimBatch,
} from "./utils/signClaimBatch.js";
export { type SignRefundParameters, signRefund } from "./utils/signRefund.js";
export { toContractClaims, toContractConfig } from "./utils/toContractConfig.js";
export { type VerifyEoaSignatureParameters, verifyEoaSignature } from "./utils/verifyEoaSignature.js";
export {
  type VerifyVoucherSignatureParameters,
  verifyVoucherSignature,
} from "./utils/verifyVoucherSignature.js";
export { type VoucherDigestParameters, voucherDigest } from "./utils/voucherDigest.js";
