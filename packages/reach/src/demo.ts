// Two baseline snapshots for the demo authority, so the reach dashboard has figures, a trend and
// a review queue on `pnpm start`. Made from the demo's own registered children (some written as
// a social care system would: a typo, a day/month swap, a move across the borough) and a few
// children no centre knows yet, then imported through importBaseline like any file.
import { type Database, londonDate, swapDayAndMonth } from "@familyhub/db";
import { sql } from "drizzle-orm";
import { csvLine } from "./report";
import { baselineColumns } from "./baseline-file";
import { importBaseline } from "./import";
import { selectRows as rows } from "@familyhub/db";

type DemoChild = {
  first_name: string;
  last_name: string;
  date_of_birth: string;
  postcode: string;
  district: string;
};

const cohortsByIndex = [["LAC"], ["CP"], ["CIN"], ["CIN", "CP"], ["EHN"], ["CIN"], ["EHN"]];
const unknownNames = [
  ["Kai", "Bennett"],
  ["Rosa", "Lindqvist"],
  ["Tayo", "Adebayo"],
  ["Ellie", "Marsh"],
  ["Ibrahim", "Farouk"],
  ["Nell", "Quinn"],
  ["Oskar", "Nowak"],
  ["Phoebe", "Walsh"],
] as const;

/** The last day of the month before the month of `date` (both `YYYY-MM-DD`). */
function endOfPreviousMonth(date: string): string {
  const [y = 0, m = 1] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
}

/** "Harriet" → "Harirett": two letters swapped, as a hurried typist would. */
function typo(name: string): string {
  if (name.length < 5) return name;
  const i = Math.floor(name.length / 2);
  return name.slice(0, i) + (name[i + 1] ?? "") + (name[i] ?? "") + name.slice(i + 2);
}

export async function seedDemoBaseline(
  db: Database,
  options: { today?: string; onProgress?: (step: string) => void } = {},
): Promise<{ snapshots: string[] }> {
  const today = options.today ?? londonDate();
  // Every fifth registered child under 19, in a stable order, with their family's district.
  const children = await rows<DemoChild>(
    db,
    sql`select p.first_name, p.last_name, p.date_of_birth::text as date_of_birth, f.postcode,
               st.district
          from people p
          join families f on f.id = p.family_id
          join sites st on st.id = f.registered_site_id
         where p.role = 'child' and f.status = 'active' and p.date_of_birth is not null
           and p.date_of_birth > ${today}::date - interval '18 years'
         order by p.last_name, p.first_name, p.date_of_birth, p.id`,
  );
  const chosen = children.filter((_, i) => i % 5 === 0);
  const districts = [...new Set(children.map((c) => c.district))].sort();
  const previous = endOfPreviousMonth(today);
  const earlier = endOfPreviousMonth(previous);

  const fileFor = (snapshotDate: string, share: number) => {
    const lines = [csvLine(baselineColumns.required)];
    chosen.forEach((child, i) => {
      // The earlier snapshot has fewer children: some came onto the caseload since.
      if (i % 10 >= share) return;
      let { first_name: first, date_of_birth: dob, postcode } = child;
      if (i % 11 === 3) first = typo(first);
      if (i % 11 === 5) dob = swapDayAndMonth(dob) ?? dob;
      // Moved across the borough: the same name and date elsewhere waits for a person.
      if (i % 17 === 7) postcode = "FL9 9ZZ";
      if (dob > snapshotDate) return;
      for (const cohort of cohortsByIndex[i % cohortsByIndex.length] ?? ["CIN"]) {
        lines.push(
          csvLine([
            `FBC${String(i + 1).padStart(5, "0")}`,
            first,
            child.last_name,
            dob,
            postcode,
            cohort,
            child.district,
          ]),
        );
      }
    });
    unknownNames.forEach(([first, last], i) => {
      const dob = `${Number(snapshotDate.slice(0, 4)) - 1 - i * 2}-0${(i % 9) + 1}-1${i % 9}`;
      lines.push(
        csvLine([
          `FBCN${i + 1}`,
          first,
          last,
          dob,
          "FL5 5AB",
          i % 2 === 0 ? "CIN" : "CP",
          districts[i % districts.length] ?? "Central",
        ]),
      );
    });
    return lines.join("");
  };

  const snapshots: string[] = [];
  for (const [date, share] of [
    [earlier, 8],
    [previous, 10],
  ] as const) {
    const result = await importBaseline(
      db,
      fileFor(date, share),
      date,
      { type: "system", id: null },
      today,
    );
    if (!result.ok) throw new Error(`the demo baseline was refused: ${result.errors.join("; ")}`);
    options.onProgress?.(
      `baseline snapshot ${date}: ${result.children} children, ${result.bySocialCareId + result.automatic} matched, ${result.queued} to review`,
    );
    snapshots.push(date);
  }
  return { snapshots };
}
