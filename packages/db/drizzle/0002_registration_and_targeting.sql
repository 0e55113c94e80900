CREATE TYPE "public"."family_status" AS ENUM('active', 'pending', 'merged');--> statement-breakpoint
CREATE TYPE "public"."sen_status" AS ENUM('sen_support', 'ehc_plan');--> statement-breakpoint
CREATE TYPE "public"."sex" AS ENUM('female', 'male', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."flag_source" AS ENUM('self_declared', 'staff', 'rule', 'social_care');--> statement-breakpoint
CREATE TYPE "public"."target_group_category" AS ENUM('family', 'parental', 'child_young_person');--> statement-breakpoint
ALTER TYPE "public"."consent_kind" ADD VALUE 'data_sharing';--> statement-breakpoint
ALTER TYPE "public"."consent_kind" ADD VALUE 'photographs';--> statement-breakpoint
CREATE TABLE "deprivation_lookup" (
	"postcode" text PRIMARY KEY NOT NULL,
	"lsoa_code" text NOT NULL,
	"imd_decile" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "target_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"family_id" uuid NOT NULL,
	"person_id" uuid,
	"group_code" text NOT NULL,
	"source" "flag_source" NOT NULL,
	"note" text,
	"started_on" date NOT NULL,
	"review_on" date,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text,
	"ended_at" timestamp with time zone,
	"ended_by" text,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "target_groups" (
	"code" text PRIMARY KEY NOT NULL,
	"category" "target_group_category" NOT NULL,
	"label" text NOT NULL,
	"is_priority" boolean DEFAULT true NOT NULL,
	"is_local" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people" ALTER COLUMN "date_of_birth" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "address_line1" text;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "address_line2" text;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "town" text;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "how_heard" text;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "status" "family_status" DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "self_registered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "verified_by" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "expected_due_date" date;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "sex" "sex";--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "ethnicity" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "first_language" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "relationship" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "disability" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "sen" "sen_status";--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "target_flags" ADD CONSTRAINT "target_flags_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_flags" ADD CONSTRAINT "target_flags_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_flags" ADD CONSTRAINT "target_flags_group_code_target_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."target_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_flags" ADD CONSTRAINT "target_flags_recorded_by_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_flags" ADD CONSTRAINT "target_flags_ended_by_user_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "target_flags_family_id_index" ON "target_flags" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "target_flags_person_id_index" ON "target_flags" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "target_flags_group_code_index" ON "target_flags" USING btree ("group_code");--> statement-breakpoint
CREATE UNIQUE INDEX "target_flags_open_unique" ON "target_flags" USING btree ("family_id",coalesce("person_id", '00000000-0000-0000-0000-000000000000'::uuid),"group_code","source") WHERE "target_flags"."ended_at" is null;--> statement-breakpoint
ALTER TABLE "families" ADD CONSTRAINT "families_merged_into_id_families_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "families" ADD CONSTRAINT "families_verified_by_user_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_merged_into_id_people_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "families_postcode_index" ON "families" USING btree ("postcode");--> statement-breakpoint
CREATE INDEX "families_status_index" ON "families" USING btree ("status");