// A fixture built by hand, in the interchange formats, for the reach tests of this package and
// of the CLI: fifteen baseline children (some in two cohorts), twins, typos, a day/month swap,
// a moved postcode, a double-barrelled surname the other way round, a short form, a social care
// id recorded by staff, and decoys with the same name and date of birth elsewhere. The expected
// reports below were worked out by hand from these rows (see reach.integration.test.ts).

export const fixtureSnapshotDate = "2026-06-30";
export const fixturePeriod = { from: "2026-06-01", to: "2026-06-30" } as const;

export const fixtureSites = `site_code,name,kind,operator,locality,district,postcode
CC1,Acorn Children's Centre,children_centre,local_authority,North Fernleigh,North,FL1 1AA
FH1,Birch Family Hub,family_hub,local_authority,South Fernleigh,South,FL2 2AA
YH1,Cedar Youth Hub,youth_hub,local_authority,North Fernleigh,North,FL1 3AA
`;

// Every person is a child of a family of their own, so each row's postcode is its family's.
export const fixturePeople = `person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on,social_care_id
P01,F01,Amara,Okafor,2023-03-14,FL1 4AB,child,CC1,2025-01-10,
P02,F02,Jonahtan,Jones Smith,2022-07-05,FL1 5CD,child,CC1,2026-02-01,
P03,F03,Lily,Brown,2024-03-02,FL2 6EF,child,FH1,2026-03-01,
P05,F05,Eva,Patel,2021-09-09,FL2 7GH,child,FH1,2024-05-01,
P06,F06,Lana,Kowalski,2020-11-20,FL1 8JK,child,CC1,2023-01-01,
P08,F08,Oliver,Green,2019-05-17,FL1 9LM,child,CC1,2022-01-01,
P09,F09,Oliver,Green,2019-05-17,FL2 1ZZ,child,FH1,2022-02-01,
P10,F10,Mia,Wilson,2020-01-25,FL1 2XY,child,CC1,2023-03-01,
P11,F11,Noah,Taylor,2023-10-12,FL2 4UV,child,FH1,2026-06-15,
P12,F12,Sam,Ahmed,2011-04-04,FL1 6AB,child,YH1,2025-09-01,
P13,F13,Gracie,Hall-Smith,2009-08-08,FL2 5CD,child,YH1,2024-01-01,SC12
P14,F14,Leo,King,2024-06-01,FL1 7EF,child,CC1,2026-07-05,
P15,F15,Ilsa,Murray,2021-07-04,FL1 1BC,child,CC1,2024-09-01,
`;

const visits = (ref: string, site: string, programme: string, dates: string[]) =>
  dates.map((date) => `${ref},${site},${date},${programme},09:30`).join("\n");

export const fixtureAttendances = `person_ref,site_code,session_date,programme_name,start_time
${visits("P01", "CC1", "Stay and Play", ["2026-05-26", "2026-06-02", "2026-06-09", "2026-06-16"])}
${visits("P02", "CC1", "Stay and Play", ["2026-06-09"])}
${visits("P03", "FH1", "Baby Massage", ["2026-05-20"])}
${visits("P05", "FH1", "Baby Massage", ["2026-06-03", "2026-06-10", "2026-06-17"])}
${visits("P06", "CC1", "Stay and Play", ["2026-07-01"])}
${visits("P08", "CC1", "Stay and Play", ["2026-06-02", "2026-06-09", "2026-06-23"])}
${visits("P09", "FH1", "Baby Massage", ["2026-06-03"])}
${visits("P10", "CC1", "Stay and Play", ["2026-06-16"])}
${visits("P11", "FH1", "Baby Massage", ["2026-06-17", "2026-06-24"])}
${visits("P12", "YH1", "Youth Club", ["2026-06-04", "2026-06-11", "2026-06-18", "2026-06-25"])}
${visits("P13", "YH1", "Youth Club", ["2026-06-11"])}
${visits("P15", "CC1", "Stay and Play", ["2026-06-02"])}
`;

// SC04 Ava and SC05 Eva are twins (only Eva is registered); SC06 Lena and SC07 Lana are twins
// with names one letter apart (only Lana is registered). SC08's decoy P09 has the same name and
// date of birth in another sector; SC09 Mia has only such a decoy (P10). SC15's person has a
// swapped date and a typo (the review queue). Dates come as the social care system writes them.
export const fixtureBaseline = `social_care_id,first_name,last_name,date_of_birth,postcode,cohort,district,start_date
SC01,Amara,Okafor,14/03/2023,FL1 4AB,CP,North,01/02/2026
SC01,Amara,Okafor,14/03/2023,FL1 4AB,CIN,North,01/11/2025
SC02,Jonathan,Smith-Jones,05/07/2022,fl15cd,CIN,North,
SC03,Lily,Brown,03/02/2024,FL2 6EF,LAC,South,
SC04,Ava,Patel,09/09/2021,FL2 7GH,CP,South,
SC05,Eva,Patel,09/09/2021,FL2 7GH,CP,South,
SC06,Lena,Kowalski,20/11/2020,FL1 8JK,CIN,North,
SC07,Lana,Kowalski,20/11/2020,FL1 8JK,CIN,North,
SC08,OLIVER,Green,17/05/2019,FL1 9LM,CIN,North,
SC09,Mia,Wilson,25/01/2020,FL2 3QR,EHN,South,
SC10,Noah,Taylor,12/10/2023,FL2 4ST,EHN,South,
SC11,Samuel,Ahmed,04/04/2011,FL1 6AB,LAC,North,
SC11,Samuel,Ahmed,04/04/2011,FL1 6AB,CP,North,
SC12,Grace,Hall,08/08/2009,FL2 5CD,CIN,South,
SC13,Leo,King,01/06/2024,FL1 7EF,CP,North,
SC14,Ruby,Clark,12/12/2022,FL2 8GH,LAC,South,
SC15,Isla,Murray,07/04/2021,FL1 1BC,CIN,North,
`;

const header =
  "cohort,district,age_band,baseline,registered,registered_pct,engaged,engaged_pct,sustained,sustained_pct";

/** `report reach --from 2026-06-01 --to 2026-06-30 --service all --format csv` */
export const expectedAllServices = `${header}
SCS,All,All,13,8,61.5,6,46.2,4,30.8
LAC,All,All,3,2,66.7,1,33.3,1,33.3
CP,All,All,5,3,60.0,3,60.0,3,60.0
CIN,All,All,7,5,71.4,4,57.1,2,28.6
EHN,All,All,2,1,50.0,1,50.0,0,0.0
`;

/** The same with `--suppress`: counts of 1–5 and the percentages made from them are `c`. */
export const expectedAllServicesSuppressed = `${header}
SCS,All,All,13,8,61.5,6,46.2,c,c
LAC,All,All,c,c,c,c,c,c,c
CP,All,All,c,c,c,c,c,c,c
CIN,All,All,7,c,c,c,c,c,c
EHN,All,All,c,c,c,c,c,0,c
`;

/** `--service all --by district` */
export const expectedByDistrict = `${header}
SCS,North,All,8,5,62.5,4,50.0,3,37.5
SCS,South,All,5,3,60.0,2,40.0,1,20.0
LAC,North,All,1,1,100.0,1,100.0,1,100.0
LAC,South,All,2,1,50.0,0,0.0,0,0.0
CP,North,All,3,2,66.7,2,66.7,2,66.7
CP,South,All,2,1,50.0,1,50.0,1,50.0
CIN,North,All,6,4,66.7,3,50.0,2,33.3
CIN,South,All,1,1,100.0,1,100.0,0,0.0
EHN,North,All,0,0,,0,,0,
EHN,South,All,2,1,50.0,1,50.0,0,0.0
`;

/** `--service children_centre` (ages 0–4 by default; Acorn and Birch Family Hub count). */
export const expectedChildrenCentres = `${header}
SCS,All,All,7,4,57.1,3,42.9,2,28.6
LAC,All,All,2,1,50.0,0,0.0,0,0.0
CP,All,All,4,2,50.0,2,50.0,2,50.0
CIN,All,All,2,2,100.0,2,100.0,1,50.0
EHN,All,All,1,1,100.0,1,100.0,0,0.0
`;
