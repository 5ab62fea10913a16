export {
  type StartTestPostgresErrorType,
  type StartTestPostgresParameters,
  type StartTestPostgresReturnType,
  startTestPostgres,
} from "./startTestPostgres.js";
export { TestPostgresError } from "./TestPostgresError.js";
