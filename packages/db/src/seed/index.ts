export { isDatabaseEmpty, seedDemo, type SeedDemoOptions, type SeedDemoResult } from "./demo";
export { AUTHORITY_NAME } from "./authority";
