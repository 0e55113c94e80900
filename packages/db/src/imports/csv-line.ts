// Writing CSV: one place for quoting, the byte order mark and the formula guard, shared by the
// exports and the audit log. It imports nothing, so any module may use it without a cycle.

/** A byte order mark, so Excel opens the file as UTF-8 (the formats tolerate one). */
export const BOM = "\uFEFF";

/** RFC 4180: a value with a comma, quote or line break is quoted, its quotes doubled. */
function csvValue(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvValue).join(",")}\r\n`;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula,
 * so a value people typed is prefixed with a quote (OWASP "CSV injection").
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
