import { normalisePostcode } from "@familyhub/validators";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../client";
import { type Actor, recordAudit } from "../queries/audit";
import { localities, siteKinds, siteOperators, sites } from "../schema";
import { type RowError, formatRowErrors, parseRecords, readCsv } from "./csv";

export const siteColumns = {
  required: ["site_code", "name", "kind", "operator", "locality", "district", "postcode"],
  optional: ["lead"],
} as const;

export type ImportResult<Counts> =
  ({ ok: true; warnings: string[] } & Counts) | { ok: false; errors: string[]; warnings: string[] };

export type SitesImportCounts = {
  created: number;
  updated: number;
  unchanged: number;
  localitiesCreated: number;
};

const NO_CHANGES = { created: 0, updated: 0, unchanged: 0, localitiesCreated: 0 };

function quoted(value: string): string {
  return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
}

function invalid(ctx: z.RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

const text = (column: string, max: number) =>
  z.string().transform((value, ctx) => {
    if (value === "") return invalid(ctx, `${column} is empty — every site needs one`);
    if (value.length > max) {
      return invalid(ctx, `${column} ${quoted(value)} is not ${max} characters or fewer`);
    }
    return value;
  });

/** One of the product's words, in any case: `Family_Hub` reads as `family_hub`. */
const word = <const T extends readonly string[]>(column: string, words: T) =>
  z.string().transform((value, ctx): T[number] => {
    const match = words.find((w) => w === value.toLowerCase());
    if (match !== undefined) return match;
    if (value === "") return invalid(ctx, `${column} is empty — use one of ${words.join(", ")}`);
    return invalid(ctx, `${column} ${quoted(value)} is not one of ${words.join(", ")}`);
  });

const siteRow = z.object({
  site_code: z.string().transform((value, ctx) => {
    const code = value.toUpperCase();
    if (code === "") return invalid(ctx, "site_code is empty — every site needs one");
    if (!/^[A-Z0-9][A-Z0-9_-]{0,19}$/.test(code)) {
      return invalid(
        ctx,
        `site_code ${quoted(value)} is not a site code (up to 20 letters, digits, - and _)`,
      );
    }
    return code;
  }),
  name: text("name", 120),
  kind: word("kind", siteKinds),
  operator: word("operator", siteOperators),
  locality: text("locality", 80),
  district: text("district", 80),
  postcode: z.string().transform((value, ctx) => {
    if (value === "") return invalid(ctx, "postcode is empty — every site needs one");
    return (
      normalisePostcode(value) ??
      invalid(ctx, `postcode ${quoted(value)} is not a UK postcode (e.g. UB8 1UW)`)
    );
  }),
  // Absent column: an existing site keeps whether it leads; a blank cell means no.
  lead: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const answer = value.toLowerCase();
      if (answer === "yes") return true;
      if (answer === "no" || answer === "") return false;
      return invalid(ctx, `lead ${quoted(value)} is not yes or no`);
    }),
});

const localityKey = (name: string) => name.trim().toLowerCase();

/** Checks between rows of the file: a site code once, and one lead centre a locality. */
function checkFile(rows: readonly SiteRow[]): RowError[] {
  const errors: RowError[] = [];
  const codes = new Map<string, SiteRow>();
  const leads = new Map<string, SiteRow>();
  for (const row of rows) {
    const first = codes.get(row.site_code);
    if (first) {
      errors.push({
        line: row.line,
        message: `site_code '${row.site_code}' is not unique: it is also on row ${first.line}`,
      });
    } else {
      codes.set(row.site_code, row);
    }
    if (!row.lead) continue;
    const lead = leads.get(localityKey(row.locality));
    if (lead) {
      errors.push({
        line: row.line,
        message: `lead 'yes' is not possible: locality '${row.locality}' already has its lead centre on row ${lead.line} (${lead.site_code}) — a locality has one`,
      });
    } else {
      leads.set(localityKey(row.locality), row);
    }
  }
  return errors;
}

export type SiteRow = z.output<typeof siteRow> & { line: number };

export type SitesFile =
  | { ok: true; rows: SiteRow[]; rowErrors: RowError[]; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

/** Reads and checks a sites file without the database: each row, then the rows together. */
export function readSitesFile(csvText: string): SitesFile {
  const table = readCsv(csvText, siteColumns);
  if (!table.ok) return table;
  const { rows, rowErrors: invalid } = parseRecords(table.records, siteRow);
  const rowErrors = [...table.rowErrors, ...invalid];
  rowErrors.push(...checkFile(rows));
  return { ok: true, rows, rowErrors, warnings: table.warnings };
}

/**
 * Imports the `sites` interchange format: creates sites and localities, updates sites by
 * `site_code`. Every row is checked first, against the file and the database; a file with any
 * bad row writes nothing and returns every problem by line number. Re-importing the same file
 * changes nothing.
 */
export async function importSites(
  db: Database,
  csvText: string,
  actor: Actor = { type: "system", id: null },
): Promise<ImportResult<SitesImportCounts>> {
  const file = readSitesFile(csvText);
  if (!file.ok) return file;
  const { rows, warnings } = file;
  const rowErrors = [...file.rowErrors];
  if (rows.length === 0 && rowErrors.length === 0) {
    return { ok: true, ...NO_CHANGES, warnings: [...warnings, "The file has no rows."] };
  }

  return db.transaction(async (tx) => {
    const knownLocalities = await tx
      .select({ id: localities.id, name: localities.name })
      .from(localities);
    const knownSites = await tx
      .select({
        id: sites.id,
        code: sites.code,
        name: sites.name,
        kind: sites.kind,
        operator: sites.operator,
        localityId: sites.localityId,
        district: sites.district,
        postcode: sites.postcode,
        isLead: sites.isLead,
      })
      .from(sites);
    const localityById = new Map(knownLocalities.map((l) => [l.id, l]));
    const localityByKey = new Map(knownLocalities.map((l) => [localityKey(l.name), l]));
    const siteByCode = new Map(knownSites.map((s) => [s.code.toUpperCase(), s]));

    rowErrors.push(...checkLeadsAgainstDatabase(rows, rowErrors, knownSites, localityById));
    if (rowErrors.length > 0) return { ok: false, errors: formatRowErrors(rowErrors), warnings };

    let localitiesCreated = 0;
    for (const row of rows) {
      const key = localityKey(row.locality);
      if (localityByKey.has(key)) continue;
      const [created] = await tx
        .insert(localities)
        .values({ name: row.locality })
        .returning({ id: localities.id, name: localities.name });
      if (!created) throw new Error("insert returned no locality");
      localityByKey.set(key, created);
      localitiesCreated += 1;
    }

    const counts = { created: 0, updated: 0, unchanged: 0 };
    const newSites: (typeof sites.$inferInsert)[] = [];
    for (const row of rows) {
      const localityId = localityByKey.get(localityKey(row.locality))?.id;
      if (!localityId) throw new Error(`locality '${row.locality}' was not created`);
      const existing = siteByCode.get(row.site_code);
      const values = {
        name: row.name,
        kind: row.kind,
        operator: row.operator,
        localityId,
        district: row.district,
        postcode: row.postcode,
        isLead: row.lead ?? existing?.isLead ?? false,
      };
      if (!existing) {
        newSites.push({ code: row.site_code, ...values });
        counts.created += 1;
        continue;
      }
      const same =
        values.name === existing.name &&
        values.kind === existing.kind &&
        values.operator === existing.operator &&
        values.localityId === existing.localityId &&
        values.district === existing.district &&
        values.postcode === existing.postcode &&
        values.isLead === existing.isLead;
      if (same) {
        counts.unchanged += 1;
        continue;
      }
      await tx.update(sites).set(values).where(eq(sites.id, existing.id));
      counts.updated += 1;
    }
    for (let i = 0; i < newSites.length; i += 500) {
      await tx.insert(sites).values(newSites.slice(i, i + 500));
    }

    if (counts.created + counts.updated + localitiesCreated > 0) {
      await recordAudit(tx, actor, {
        action: "sites.import",
        detail: { ...counts, localitiesCreated },
      });
    }
    return { ok: true, ...counts, localitiesCreated, warnings };
  });
}

type KnownSite = {
  code: string;
  name: string;
  localityId: string;
  isLead: boolean;
};

/**
 * After the import, a locality may still have only one lead centre. A row is blamed when it
 * makes a site lead (or moves a lead site) into a locality whose lead is a site not in the file.
 */
function checkLeadsAgainstDatabase(
  rows: readonly SiteRow[],
  earlier: readonly RowError[],
  knownSites: readonly KnownSite[],
  localityById: ReadonlyMap<string, { name: string }>,
): RowError[] {
  const inFile = new Set(rows.map((r) => r.site_code));
  const blamed = new Set(earlier.map((e) => e.line));
  const leadOutsideFile = new Map<string, KnownSite>();
  for (const site of knownSites) {
    const locality = localityById.get(site.localityId);
    if (site.isLead && locality && !inFile.has(site.code.toUpperCase())) {
      leadOutsideFile.set(localityKey(locality.name), site);
    }
  }
  const errors: RowError[] = [];
  for (const row of rows) {
    if (blamed.has(row.line)) continue;
    const existing = knownSites.find((s) => s.code.toUpperCase() === row.site_code);
    const willLead = row.lead ?? existing?.isLead ?? false;
    if (!willLead) continue;
    const other = leadOutsideFile.get(localityKey(row.locality));
    if (!other) continue;
    const existingLocality = existing && localityById.get(existing.localityId)?.name;
    const unchanged =
      existing?.isLead &&
      existingLocality !== undefined &&
      localityKey(existingLocality) === localityKey(row.locality);
    if (unchanged) continue;
    errors.push({
      line: row.line,
      message:
        row.lead === true
          ? `lead 'yes' is not possible: ${other.name} (${other.code}) is already the lead centre of locality '${row.locality}' — to move the lead, add ${other.code} to the file with lead 'no'`
          : `locality '${row.locality}' is not possible for ${row.site_code}, a lead centre: ${other.name} (${other.code}) already leads '${row.locality}' — add a lead column to say which site leads`,
    });
  }
  return errors;
}
