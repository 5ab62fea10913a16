import { describeAdapter } from "../../test/adapterSuite.js";
import { startExpressApp } from "../../test/apps/expressApp.js";

describeAdapter("express", startExpressApp);
