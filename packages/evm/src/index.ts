export {
  batchSettlerAbi,
  eip1271Abi,
  eip1271MagicValue,
  eip2612NoncesAbi,
  eip2612PermitParameter,
  eip3009Abi,
  exactPermit2ProxyAbi,
  permit2NonceBitmapAbi,
  permit2ProxyErrorsAbi,
  permitTransferFromParameter,
} from "./abis.js";
export {
  type CreatePermit2PaymentParameters,
  createPermit2Payment,
} from "./client/createPermit2Payment.js";
export {
  type ExactEvmClientErrorType,
  type ExactEvmClientParameters,
  type ExactEvmClientReturnType,
  exactEvmClient,
} from "./client/exactEvmClient.js";
export { type EvmClientOption, resolveEvmClient } from "./client/resolveEvmClient.js";
export {
  type Eip2612GasSponsoringInfo,
  type SignEip2612GasSponsoringParameters,
  type SignEip2612GasSponsoringReturnType,
  signEip2612GasSponsoring,
} from "./client/signEip2612GasSponsoring.js";
export {
  type ExactEvmSigner,
  type SignEip3009AuthorizationParameters,
  type SignEip3009AuthorizationReturnType,
  signEip3009Authorization,
} from "./client/signEip3009Authorization.js";
export {
  type SignPermit2AuthorizationParameters,
  type SignPermit2AuthorizationReturnType,
  signPermit2Authorization,
} from "./client/signPermit2Authorization.js";
export { exactPermit2ProxyAddress, permit2Address } from "./constants.js";
export { eip3009Types } from "./eip3009Types.js";
export { ExactEvmError, type ExactEvmErrorCode } from "./errors/ExactEvmError.js";
export {
  eip2612GasSponsoringExtension,
  eip2612GasSponsoringKey,
} from "./extensions/eip2612GasSponsoringExtension.js";
export {
  type CheckPermit2TermsParameters,
  type CheckPermit2TermsReturnType,
  checkPermit2Terms,
} from "./facilitator/checkPermit2Terms.js";
export {
  type BatchSettlement,
  type BatchSettlementItem,
  type BatchSettlementOptions,
  type BatchSettlementSubmitParameters,
  type BatchSettlementSubmitReturnType,
  type CreateBatchSettlementParameters,
  createBatchSettlement,
} from "./facilitator/createBatchSettlement.js";
export {
  type ChainFacts,
  type CreateChainFactsParameters,
  createChainFacts,
} from "./facilitator/createChainFacts.js";
export {
  type CreateNetworkContextsParameters,
  createNetworkContexts,
  type ExactEvmFacilitatorNetwork,
} from "./facilitator/createNetworkContexts.js";
export {
  type CreateNonceManagerParameters,
  type CreateNonceManagerReturnType,
  createNonceManager,
  type NonceManager,
  type NonceManagerKey,
  type NonceReservation,
} from "./facilitator/createNonceManager.js";
export {
  type CreateReceiptWatcherParameters,
  createReceiptWatcher,
  type ReceiptWatcher,
  type WaitForReceiptReturnType,
} from "./facilitator/createReceiptWatcher.js";
export { errorMessage } from "./facilitator/errorMessage.js";
export {
  type ExactEvmFacilitatorErrorType,
  type ExactEvmFacilitatorParameters,
  type ExactEvmFacilitatorReturnType,
  exactEvmFacilitator,
} from "./facilitator/exactEvmFacilitator.js";
export { exactEvmSettlementKey } from "./facilitator/exactEvmSettlementKey.js";
export {
  type FindNetworkContextParameters,
  type FindNetworkContextReturnType,
  findNetworkContext,
} from "./facilitator/findNetworkContext.js";
export { invalidVerification } from "./facilitator/invalidVerification.js";
export { isTransportError } from "./facilitator/isTransportError.js";
export {
  type Eip2612Permit,
  type ParseEip2612GasSponsoringParameters,
  type ParseEip2612GasSponsoringReturnType,
  parseEip2612GasSponsoring,
} from "./facilitator/parseEip2612GasSponsoring.js";
export { permit2AuthorizationState } from "./facilitator/permit2AuthorizationState.js";
export { permit2SettlementKey } from "./facilitator/permit2SettlementKey.js";
export {
  type ReadPermit2NonceUsedParameters,
  readPermit2NonceUsed,
} from "./facilitator/readPermit2NonceUsed.js";
export {
  type ReadPermit2StateParameters,
  type ReadPermit2StateReturnType,
  readPermit2State,
} from "./facilitator/readPermit2State.js";
export {
  type EvmFacilitatorOptions,
  type ResolveFacilitatorOptionsReturnType,
  resolveFacilitatorOptions,
} from "./facilitator/resolveFacilitatorOptions.js";
export {
  type ResolveSettlementBroadcastParameters,
  resolveSettlementBroadcast,
} from "./facilitator/resolveSettlementBroadcast.js";
export {
  type SendSettlementTransactionParameters,
  type SendSettlementTransactionReturnType,
  sendSettlementTransaction,
} from "./facilitator/sendSettlementTransaction.js";
export { type SettleEvmPaymentParameters, settleEvmPayment } from "./facilitator/settleEvmPayment.js";
export {
  type SettleResponseFromReceiptParameters,
  settleResponseFromReceipt,
} from "./facilitator/settleResponseFromReceipt.js";
export type {
  EvmClient,
  EvmSettlementCall,
  FacilitatorSettings,
  FacilitatorSigner,
  NetworkContext,
  VerifiedEvmPayment,
} from "./facilitator/types.js";
export {
  type VerifyPermit2PaymentParameters,
  verifyPermit2Payment,
} from "./facilitator/verifyPermit2Payment.js";
export {
  type Keccak256Parameters,
  type Keccak256ReturnType,
  keccak256,
} from "./keccak/keccak256.js";
export { type NativeKeccak, nativeKeccak } from "./keccak/nativeKeccak.js";
export { exactPermit2WitnessType, permit2WitnessTransferTypes } from "./permit2Types.js";
export { type NativeSecp256k1, nativeSecp256k1 } from "./secp256k1/nativeSecp256k1.js";
export {
  type PrivateKeyToFastAccountParameters,
  type PrivateKeyToFastAccountReturnType,
  privateKeyToFastAccount,
} from "./secp256k1/privateKeyToFastAccount.js";
export {
  type RecoverDigestAddressParameters,
  type RecoverDigestAddressReturnType,
  recoverDigestAddress,
} from "./secp256k1/recoverDigestAddress.js";
export type { Secp256k1Backend } from "./secp256k1/secp256k1Backend.js";
export {
  type SignDigestErrorType,
  type SignDigestParameters,
  type SignDigestReturnType,
  signDigest,
} from "./secp256k1/signDigest.js";
export {
  type VerifyDigestSignatureParameters,
  type VerifyDigestSignatureReturnType,
  verifyDigestSignature,
} from "./secp256k1/verifyDigestSignature.js";
export {
  type ExactEvmServerErrorType,
  type ExactEvmServerParameters,
  type ExactEvmServerReturnType,
  exactEvmServer,
} from "./server/exactEvmServer.js";
export { type ExactEvmAsset, knownUsdcDeployments } from "./server/knownUsdcDeployments.js";
export {
  type EvmSignInSignerParameters,
  type EvmSignInSignerReturnType,
  evmSignInSigner,
} from "./signIn/evmSignInSigner.js";
export {
  type EvmSignInVerifierParameters,
  type EvmSignInVerifierReturnType,
  evmSignInVerifier,
} from "./signIn/evmSignInVerifier.js";
export { siweMessage } from "./signIn/siweMessage.js";
export {
  type BuildTokenDomainParameters,
  type BuildTokenDomainReturnType,
  buildTokenDomain,
} from "./utils/buildTokenDomain.js";
export { type CreateTtlCacheParameters, createTtlCache, type TtlCache } from "./utils/createTtlCache.js";
export { describeSchemaIssue } from "./utils/describeSchemaIssue.js";
export {
  type Eip3009TypedDataParameters,
  type Eip3009TypedDataReturnType,
  eip3009TypedData,
} from "./utils/eip3009TypedData.js";
export {
  eip3009DomainSeparator,
  type HashEip3009AuthorizationParameters,
  hashEip3009Authorization,
} from "./utils/hashEip3009Authorization.js";
export { isHighS } from "./utils/isHighS.js";
export { type IsSignedByParameters, isSignedBy } from "./utils/isSignedBy.js";
export { nowSeconds } from "./utils/nowSeconds.js";
export {
  type Eip3009AuthorizationValues,
  parseEip3009Authorization,
} from "./utils/parseEip3009Authorization.js";
export {
  type AssetTransferMethod,
  type ExactEvmRequirements,
  type ParseExactEvmRequirementsReturnType,
  parseExactEvmRequirements,
} from "./utils/parseExactEvmRequirements.js";
export {
  type Permit2AuthorizationValues,
  type Permit2WitnessValues,
  parsePermit2Authorization,
} from "./utils/parsePermit2Authorization.js";
export {
  type Permit2WitnessTypedDataParameters,
  permit2WitnessTypedData,
} from "./utils/permit2WitnessTypedData.js";
export { randomBytes32 } from "./utils/randomBytes32.js";
export { type SplitSignatureReturnType, splitSignature } from "./utils/splitSignature.js";
export {
  type ValidityWindowParameters,
  type ValidityWindowReturnType,
  validAfterSkewSeconds,
  validityWindow,
} from "./utils/validityWindow.js";
