export { RowError, type MapContext, type ParameterSpec, type SourceFormat } from "./source-format.js";
