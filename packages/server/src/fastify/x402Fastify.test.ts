import { describeAdapter } from "../../test/adapterSuite.js";
import { startFastifyApp } from "../../test/apps/fastifyApp.js";

describeAdapter("fastify", startFastifyApp);
