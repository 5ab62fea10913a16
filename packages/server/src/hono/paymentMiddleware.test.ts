import { describeAdapter } from "../../test/adapterSuite.js";
import { startHonoApp } from "../../test/apps/honoApp.js";

describeAdapter("hono", startHonoApp);
