export { caseSchema, loadCases, roles } from "./cases/loadCases.js";
export { parseCliArguments, usage } from "./cli/parseCliArguments.js";
export { runCli } from "./cli/runCli.js";
export { CaseFailure, CaseSkipped } from "./context/CaseOutcome.js";
export { type ClientRun, type ClientRunParameters, parseResultLine } from "./context/createClientContext.js";
export { type BalanceExpectation, createExpect, type Expect } from "./context/createExpect.js";
export {
  createFacilitatorApi,
  type FacilitatorApi,
  type FacilitatorRequestBody,
} from "./context/createFacilitatorApi.js";
export {
  type ConnectMcpServerParameters,
  connectMcpServer,
  type McpServerApi,
  mcpKeys,
  mcpTools,
} from "./context/createMcpServerApi.js";
export {
  type CreateRunMcpClientParameters,
  createRunMcpClient,
  type McpClientRun,
  type McpClientRunParameters,
} from "./context/createRunMcpClient.js";
export { contentMarker, type ServerApi, serverRoutes } from "./context/createServerApi.js";
export type { HttpResult } from "./context/httpRequest.js";
export {
  randomNonce,
  type SignExactPaymentParameters,
  transferWithAuthorizationTypes,
} from "./context/signExactPayment.js";
export { defineCase } from "./defineCase.js";
export { ConformanceError, type ConformanceErrorCode } from "./errors/ConformanceError.js";
export { type CountByLevelReturnType, countByLevel, type LevelCounts } from "./report/countByLevel.js";
export { createProgressDisplay } from "./report/createProgressDisplay.js";
export { formatJunitXml } from "./report/formatJunitXml.js";
export { formatSummaryTable } from "./report/formatSummaryTable.js";
export {
  type JudgeReportParameters,
  type JudgeReportReturnType,
  judgeReport,
} from "./report/judgeReport.js";
export { summarize } from "./report/summarize.js";
export {
  type WriteReportsParameters,
  type WriteReportsReturnType,
  writeReports,
} from "./report/writeReports.js";
export {
  type ProgressEvent,
  type RunConformanceParameters,
  runConformance,
  serverPrices,
} from "./run/runConformance.js";
export type { StartSubject } from "./run/startSubject.js";
export {
  type LoadSpecSchemaErrorType,
  type LoadSpecSchemaParameters,
  type LoadSpecSchemaReturnType,
  loadSpecSchema,
  type SpecMessage,
  type SpecSchema,
  specMessages,
} from "./spec/loadSpecSchema.js";
export { matchesSpecSection } from "./spec/matchesSpecSection.js";
export { type ResolvedSpecRef, resolveSpecRef } from "./spec/resolveSpecRef.js";
export {
  type SpecRef,
  type SpecSection,
  type SpecSectionId,
  specCommit,
  specRepository,
  specSections,
} from "./spec/specSections.js";
export type { SuiteChain } from "./suite/suiteChain.js";
export type {
  BaseContext,
  Buyer,
  CaseResult,
  CaseStatus,
  ClientContext,
  ConformanceCase,
  FacilitatorContext,
  Level,
  McpClientContext,
  McpServerContext,
  Report,
  ReportSummary,
  Role,
  ServerContext,
} from "./types.js";
export { suiteVersion } from "./version.js";
