// Reach against the social care caseload (issue 4), for the admin app's dashboard, review queue
// and upload page. Aggregates need report:read and are suppressed (counts of 1 to 5 as "c")
// unless the role has report:unsuppressed; named children need socialcare:read and every read
// of them is audited. The baseline file itself is uploaded to POST /api/imports/baseline
// (apps/api/src/imports-route.ts) with ?snapshotDate=YYYY-MM-DD: files are too big for tRPC.
import {
  confirmMatch,
  listReviewQueue,
  listSnapshots,
  purgeSnapshots,
  reachChange,
  reachReport,
  reachReportCsv,
  reachTable,
  reachTrend,
  rejectMatch,
  scorecard,
  scorecardCsv,
  unreachedChildren,
} from "@familyhub/reach";
import {
  purgeSnapshotsInput,
  reachReportInput,
  reachTrendInput,
  reviewDecisionInput,
  scorecardInput,
  unreachedInput,
} from "@familyhub/validators";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { can, type StaffRole } from "../permissions";
import { permittedProcedure } from "../trpc";

/** Suppression can be switched off only by a role allowed to see small numbers. */
const suppressFor = (role: StaffRole, asked: boolean) =>
  can(role, "report:unsuppressed") ? asked : true;

/** The review queue shows named children: it needs match:review and socialcare:read. */
const reviewProcedure = permittedProcedure("match:review").use(({ ctx, next }) => {
  if (!can(ctx.staff.role, "socialcare:read")) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message:
        "Your role cannot do this (it needs socialcare:read). Ask an administrator if you should.",
    });
  }
  return next();
});

export const reachRouter = {
  /** Every snapshot, newest first: dates, counts of rows, children, links and pending reviews. */
  snapshots: permittedProcedure("report:read").query(({ ctx }) => listSnapshots(ctx.db)),

  /**
   * The reach report, as the CLI's `report reach` (same options), as JSON: a row per cohort (and
   * district, age band or site with `by`). Counts are numbers or "c"; percentages are numbers
   * with one decimal, "c", or null where the baseline is 0. `suppressed` says what was applied.
   */
  report: permittedProcedure("report:read")
    .input(reachReportInput)
    .query(({ ctx, input }) =>
      reachReport(ctx.db, { ...input, suppress: suppressFor(ctx.staff.role, input.suppress) }),
    ),

  /**
   * The same report as CSV text, exactly as the CLI writes it, for the dashboard's "Download
   * CSV". XLSX is made in the browser from `report` or `table` JSON.
   */
  reportCsv: permittedProcedure("report:read")
    .input(reachReportInput)
    .query(async ({ ctx, input }) => {
      const report = await reachReport(ctx.db, {
        ...input,
        suppress: suppressFor(ctx.staff.role, input.suppress),
      });
      return {
        filename: `reach-${report.snapshot.snapshotDate}-${input.from}-${input.to}-${input.by}.csv`,
        csv: reachReportCsv(report),
        suppressed: report.suppressed,
      };
    }),

  /** Each cohort at each snapshot (oldest first), over the month up to the snapshot: the chart. */
  trend: permittedProcedure("report:read")
    .input(reachTrendInput)
    .query(({ ctx, input }) =>
      reachTrend(ctx.db, { ...input, suppress: suppressFor(ctx.staff.role, input.suppress) }),
    ),

  /**
   * The tiles: the latest snapshot's figures per cohort, the previous snapshot's, and the change
   * of each percentage in points (null when either is hidden or has no baseline).
   */
  change: permittedProcedure("report:read")
    .input(reachTrendInput)
    .query(({ ctx, input }) =>
      reachChange(ctx.db, { ...input, suppress: suppressFor(ctx.staff.role, input.suppress) }),
    ),

  /** Every cohort by district and age band (rows with children only), for the sortable table. */
  table: permittedProcedure("report:read")
    .input(reachReportInput.omit({ by: true }))
    .query(({ ctx, input }) =>
      reachTable(ctx.db, { ...input, suppress: suppressFor(ctx.staff.role, input.suppress) }),
    ),

  /**
   * The dashboard's table as CSV, in the CLI's columns (cohort, district, age_band, …), so the
   * file a manager downloads reads like `report reach`'s.
   */
  tableCsv: permittedProcedure("report:read")
    .input(reachReportInput.omit({ by: true }))
    .query(async ({ ctx, input }) => {
      const table = await reachTable(ctx.db, {
        ...input,
        suppress: suppressFor(ctx.staff.role, input.suppress),
      });
      return {
        filename: `reach-${table.snapshot.snapshotDate}-${input.from}-${input.to}-district-age-band.csv`,
        csv: reachReportCsv({ ...table, by: "district" }),
        suppressed: table.suppressed,
      };
    }),

  /** The monthly scorecard by district and age band, with totals (`All`). */
  scorecard: permittedProcedure("report:read")
    .input(scorecardInput)
    .query(({ ctx, input }) =>
      scorecard(ctx.db, {
        month: input.month,
        suppress: suppressFor(ctx.staff.role, input.suppress),
      }),
    ),

  /** The scorecard as CSV text, for download. */
  scorecardCsv: permittedProcedure("report:read")
    .input(scorecardInput)
    .query(async ({ ctx, input }) => {
      const card = await scorecard(ctx.db, {
        month: input.month,
        suppress: suppressFor(ctx.staff.role, input.suppress),
      });
      return {
        filename: `scorecard-${input.month}.csv`,
        csv: scorecardCsv(card),
        suppressed: card.suppressed,
      };
    }),

  /**
   * Deletes the children of snapshots older than `retentionMonths` (their figures are kept for
   * the trend), as `pnpm cli purge baseline` does; each purge is an audit event.
   */
  purge: permittedProcedure("baseline:import")
    .input(purgeSnapshotsInput)
    .mutation(({ ctx, input }) =>
      purgeSnapshots(ctx.db, { retentionMonths: input.retentionMonths, actor: ctx.actor }),
    ),

  /** Pending possible matches, the baseline child and the registered person side by side. Audited. */
  reviewQueue: reviewProcedure.query(({ ctx }) => listReviewQueue(ctx.db, ctx.actor)),

  /** Confirms a match: the social care id is stored on the person; the child counts from now. */
  confirmMatch: reviewProcedure
    .input(reviewDecisionInput)
    .mutation(({ ctx, input }) => confirmMatch(ctx.db, input.reviewId, ctx.actor)),

  /** Rejects a match; the pair is remembered and never queued again. */
  rejectMatch: reviewProcedure
    .input(reviewDecisionInput)
    .mutation(({ ctx, input }) => rejectMatch(ctx.db, input.reviewId, ctx.actor)),

  /**
   * The children behind a figure who are not reached (not registered / engaged / sustained),
   * by name, for roles allowed to see social care data. Every call is an audit event.
   */
  unreached: permittedProcedure("socialcare:read")
    .input(unreachedInput)
    .query(({ ctx, input }) => unreachedChildren(ctx.db, input, ctx.actor)),
} satisfies TRPCRouterRecord;
