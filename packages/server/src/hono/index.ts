export { paymentMiddleware } from "./paymentMiddleware.js";
