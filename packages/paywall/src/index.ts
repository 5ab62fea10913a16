export { type RenderPaywallPageOptions, renderPaywallPage } from "./renderPaywallPage.js";
