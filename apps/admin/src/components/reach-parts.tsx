// What the reach pages share: the words for cohorts and services, how a count or percentage
// that may be suppressed ("c") is shown, the suppression notice, and downloads (CSV from the
// server, XLSX built here from the same JSON with ExcelJS, loaded only when asked for).
import type { RouterOutputs } from "@familyhub/api";
import { Alert, Switch, Text } from "@mantine/core";
import { useCan } from "../staff";

export type ReachRow = RouterOutputs["reach"]["report"]["rows"][number];
export type Cohort = ReachRow["cohort"];
export type Count = ReachRow["baseline"];
export type Percentage = ReachRow["registeredPct"];

export const cohortNames: Record<Cohort, string> = {
  SCS: "Known to social care",
  LAC: "Looked after (LAC)",
  CP: "Child protection plan (CP)",
  CIN: "Child in need (CIN)",
  EHN: "Early help notification (EHN)",
};

export const services = ["children_centre", "youth_hub", "all"] as const;
export type Service = (typeof services)[number];
export const serviceNames: Record<Service, string> = {
  children_centre: "Children's centres and family hubs",
  youth_hub: "Youth hubs",
  all: "All services",
};

export const bandNames: Record<string, string> = {
  "0-4": "0–4",
  "5-10": "5–10",
  "11-15": "11–15",
  "16+": "16 and over",
  All: "All ages",
};

const numberFormat = new Intl.NumberFormat("en-GB");

/** A count, or "c" where it is suppressed. */
export function showCount(value: Count): string {
  return value === "c" ? "c" : numberFormat.format(value);
}

/** 74.2%, "c" where suppressed, "–" where the baseline is 0. */
export function showPct(value: Percentage): string {
  if (value === null) return "–";
  if (value === "c") return "c";
  return `${value.toFixed(1)}%`;
}

/**
 * Suppression on or off. The server forces it on for a role without report:unsuppressed
 * whatever is sent, so the switch is only offered to roles that may turn it off.
 */
export function SuppressionSwitch({
  suppress,
  onChange,
}: {
  suppress: boolean;
  onChange: (suppress: boolean) => void;
}) {
  const mayUnsuppress = useCan("report:unsuppressed");
  if (!mayUnsuppress) {
    return (
      <Text size="sm" data-testid="suppression-note">
        Small numbers (1 to 5) are shown as <b>c</b> on screen and in every export: your role sees
        suppressed figures only.
      </Text>
    );
  }
  return (
    <Switch
      label="Hide small numbers (1 to 5 as c), as in reports that leave the service"
      checked={suppress}
      onChange={(event) => onChange(event.currentTarget.checked)}
    />
  );
}

/** Says which figures are on the page: suppressed or not, as the server applied it. */
export function SuppressedNotice({ suppressed }: { suppressed: boolean }) {
  if (suppressed) return null;
  return (
    <Alert color="orange" variant="light" data-testid="unsuppressed-notice">
      Small numbers are shown. Do not share these figures outside the service: export with small
      numbers hidden instead.
    </Alert>
  );
}

/** Saves text the server made (a CSV in the CLI's format) under its name. */
export function downloadFile(name: string, content: BlobPart, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export type SheetColumn<T> = {
  header: string;
  value: (row: T) => string | number | null;
  /** Excel's number format for numbers, e.g. "0.0" for percentages. */
  numFmt?: string;
  width?: number;
};

/**
 * An .xlsx of one sheet. Suppressed cells stay the letter "c" (text), as in the CSV, so a
 * spreadsheet never turns them into zeros.
 */
export async function downloadXlsx<T>(
  fileName: string,
  sheetName: string,
  columns: readonly SheetColumn<T>[],
  rows: readonly T[],
  note: string,
) {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "FamilyHub";
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.header,
    width: c.width ?? Math.max(10, c.header.length + 2),
    ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  sheet.addRow([]);
  sheet.addRow([note]);
  const buffer = await workbook.xlsx.writeBuffer();
  downloadFile(
    fileName,
    buffer,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  );
}

/** A count or percentage for a spreadsheet: a number, "c", or empty. */
export const cell = (value: Count | Percentage): string | number | null => value;
