export { isDatabaseEmpty, seedDemo, type SeedDemoOptions, type SeedDemoResult } from "./demo";
export { AUTHORITY_NAME } from "./authority";
export {
  COUNTY_END,
  countyBaseline,
  countyBaselineCsv,
  seedCounty,
  type CountyBaselineRow,
  type CountyOptions,
  type CountySummary,
} from "./county";
export { adultNames, childNames, surnames } from "./names";
