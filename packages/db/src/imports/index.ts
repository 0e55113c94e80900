export {
  type CsvColumns,
  type CsvRecord,
  type CsvTable,
  type RowError,
  formatRowErrors,
  readCsv,
} from "./csv";
export {
  type ImportResult,
  type SitesImportCounts,
  importSites,
  readSitesFile,
  siteColumns,
  type SiteRow,
  type SitesFile,
} from "./sites";
