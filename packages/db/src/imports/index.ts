export {
  type CsvColumns,
  type CsvRecord,
  type CsvTable,
  type RowError,
  formatRowErrors,
  parseRecords,
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
export {
  type ImportOptions,
  type PeopleFile,
  type PeopleImportCounts,
  type PeopleRow,
  importPeople,
  peopleColumns,
  readPeopleFile,
  summarisePeopleImport,
} from "./people";
export {
  type AttendanceRow,
  type AttendancesFile,
  type AttendancesImportCounts,
  type AttendancesImportOptions,
  attendanceColumns,
  DEFAULT_DURATION_MINUTES,
  DEFAULT_START_TIME,
  importAttendances,
  readAttendancesFile,
  ROW_ERRORS_LISTED,
  summariseAttendancesImport,
} from "./attendances";
export { type CsvSource, type OpenedCsvFile, openCsvFile, textSource } from "./csv-source";
export { type DecodedCsv, decodeCsvBytes } from "./encoding";
export {
  type CsvSink,
  type ExportedCsv,
  type ExportSummary,
  exportAttendances,
  exportPeople,
  writeAttendancesCsv,
  writePeopleCsv,
} from "./export";
export {
  type DeprivationFile,
  type DeprivationImportCounts,
  type DeprivationRow,
  deprivationColumns,
  importDeprivation,
  readDeprivationFile,
} from "./deprivation";
