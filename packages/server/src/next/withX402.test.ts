import { describeAdapter } from "../../test/adapterSuite.js";
import { startNextApp } from "../../test/apps/nextApp.js";

describeAdapter("next", startNextApp);
