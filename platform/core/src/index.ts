export * from "./errors.js";
export * from "./config.js";
export * from "./urn.js";
export * from "./logger.js";
export * from "./table.js";
