import { describe, expect, it } from "vitest";
import { readAttendancesFile } from "./attendances";
import { formatRowErrors } from "./csv";

const today = "2026-03-02";
const header = "person_ref,site_code,session_date,programme_name";

describe("readAttendancesFile", () => {
  it("takes a session without a time as 10:00 for 90 minutes", () => {
    const file = readAttendancesFile(`${header}\nP1,br01,02/06/2025,Stay and Play`, today);
    expect(file.ok && file.rows).toEqual([
      {
        line: 2,
        person_ref: "P1",
        site_code: "BR01",
        session_date: "2025-06-02",
        programme_name: "Stay and Play",
        start_time: "10:00",
        duration_minutes: 90,
      },
    ]);
  });

  it("names bad times and lengths, and one session given two lengths", () => {
    const file = readAttendancesFile(
      [
        `${header},start_time,duration_minutes`,
        "P1,BR01,2025-06-02,Stay and Play,9.30,ninety",
        "P1,BR01,2025-06-02,Stay and Play,09:30,60",
        "P2,BR01,2025-06-02,STAY AND PLAY,9:30,45",
        "P3,BR01,2026-03-03,Stay and Play,09:30,45",
      ].join("\n"),
      today,
    );
    expect(file.ok && formatRowErrors(file.rowErrors)).toEqual([
      "Row 2: start_time '9.30' is not a time (use HH:MM, e.g. 09:30)",
      "Row 2: duration_minutes 'ninety' is not a whole number of minutes from 1 to 1440",
      "Row 4: duration_minutes 45 is not the 60 of row 3 for the same session (STAY AND PLAY at BR01 on 2025-06-02 at 09:30) — a session has one length",
      "Row 5: session_date '2026-03-03' is after today",
    ]);
  });
});
