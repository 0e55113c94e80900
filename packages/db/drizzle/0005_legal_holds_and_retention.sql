CREATE TYPE "public"."baseline_cohort" AS ENUM('LAC', 'CP', 'CIN', 'EHN');--> statement-breakpoint
CREATE TYPE "public"."match_review_status" AS ENUM('pending', 'confirmed', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."reach_link_method" AS ENUM('social_care_id', 'auto', 'confirmed');--> statement-breakpoint
CREATE TABLE "baseline_child_cohorts" (
	"child_id" uuid NOT NULL,
	"cohort" "baseline_cohort" NOT NULL,
	CONSTRAINT "baseline_child_cohorts_child_id_cohort_pk" PRIMARY KEY("child_id","cohort")
);
--> statement-breakpoint
CREATE TABLE "baseline_children" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"social_care_id" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"swapped_date_of_birth" date,
	"age_years" integer NOT NULL,
	"postcode" text NOT NULL,
	"district" text NOT NULL,
	"person_id" uuid,
	"link_method" "reach_link_method",
	"link_score" integer,
	CONSTRAINT "baseline_children_snapshotId_socialCareId_unique" UNIQUE("snapshot_id","social_care_id")
);
--> statement-breakpoint
CREATE TABLE "baseline_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"snapshot_date" date NOT NULL,
	"rows" integer NOT NULL,
	"children" integer NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_by" text,
	"matched_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	CONSTRAINT "baseline_snapshots_snapshotDate_unique" UNIQUE("snapshot_date")
);
--> statement-breakpoint
CREATE TABLE "match_rejections" (
	"social_care_id" text NOT NULL,
	"person_id" uuid NOT NULL,
	"rejected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rejected_by" text,
	CONSTRAINT "match_rejections_social_care_id_person_id_pk" PRIMARY KEY("social_care_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "match_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"status" "match_review_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	CONSTRAINT "match_reviews_childId_personId_unique" UNIQUE("child_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "reach_snapshot_figures" (
	"snapshot_id" uuid NOT NULL,
	"service" text NOT NULL,
	"cohort" text NOT NULL,
	"district" text NOT NULL,
	"age_years" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"baseline" integer NOT NULL,
	"registered" integer NOT NULL,
	"engaged" integer NOT NULL,
	"sustained" integer NOT NULL,
	CONSTRAINT "reach_snapshot_figures_snapshot_id_service_cohort_district_age_years_pk" PRIMARY KEY("snapshot_id","service","cohort","district","age_years")
);
--> statement-breakpoint
CREATE TABLE "legal_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"family_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"placed_by" text,
	"lifted_at" timestamp with time zone,
	"lifted_by" text,
	"lift_reason" text
);
--> statement-breakpoint
CREATE TABLE "retention_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"dry_run" boolean NOT NULL,
	"trigger" text NOT NULL,
	"removed" jsonb,
	"held" jsonb
);
--> statement-breakpoint
ALTER TABLE "baseline_child_cohorts" ADD CONSTRAINT "baseline_child_cohorts_child_id_baseline_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."baseline_children"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "baseline_children" ADD CONSTRAINT "baseline_children_snapshot_id_baseline_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."baseline_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "baseline_children" ADD CONSTRAINT "baseline_children_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "baseline_snapshots" ADD CONSTRAINT "baseline_snapshots_imported_by_user_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_rejections" ADD CONSTRAINT "match_rejections_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_rejections" ADD CONSTRAINT "match_rejections_rejected_by_user_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_reviews" ADD CONSTRAINT "match_reviews_snapshot_id_baseline_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."baseline_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_reviews" ADD CONSTRAINT "match_reviews_child_id_baseline_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."baseline_children"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_reviews" ADD CONSTRAINT "match_reviews_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_reviews" ADD CONSTRAINT "match_reviews_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reach_snapshot_figures" ADD CONSTRAINT "reach_snapshot_figures_snapshot_id_baseline_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."baseline_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_placed_by_user_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_lifted_by_user_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "baseline_child_cohorts_cohort_index" ON "baseline_child_cohorts" USING btree ("cohort");--> statement-breakpoint
CREATE INDEX "baseline_children_snapshot_id_person_id_index" ON "baseline_children" USING btree ("snapshot_id","person_id");--> statement-breakpoint
CREATE INDEX "baseline_children_person_id_index" ON "baseline_children" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "match_reviews_snapshot_id_status_index" ON "match_reviews" USING btree ("snapshot_id","status");--> statement-breakpoint
CREATE INDEX "legal_holds_family_id_index" ON "legal_holds" USING btree ("family_id");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_holds_open_unique" ON "legal_holds" USING btree ("family_id") WHERE "legal_holds"."lifted_at" is null;--> statement-breakpoint
CREATE INDEX "retention_runs_started_at_index" ON "retention_runs" USING btree ("started_at");