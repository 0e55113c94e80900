CREATE TYPE "public"."booking_status" AS ENUM('booked', 'waiting', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."delivery_unit" AS ENUM('boys_and_young_men', 'creative_arts', 'emotional_health_and_wellbeing', 'girls_and_young_women', 'mobile_and_detached', 'peer_leadership', 'substance_use', 'sexual_health', 'transition_support', 'volunteer_engagement');--> statement-breakpoint
CREATE TYPE "public"."headcount_age_band" AS ENUM('0-4', '5-10', '11-15', '16-19', '20-25');--> statement-breakpoint
CREATE TYPE "public"."repeat_frequency" AS ENUM('once', 'weekly', 'fortnightly');--> statement-breakpoint
ALTER TYPE "public"."family_status" ADD VALUE 'erased';--> statement-breakpoint
CREATE TABLE "staff_kiosk_pins" (
	"user_id" text PRIMARY KEY NOT NULL,
	"pin_hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "anonymous_attendance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"age_band" "headcount_age_band" NOT NULL,
	"sex" "sex" NOT NULL,
	"count" integer NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "anonymous_attendance_sessionId_ageBand_sex_unique" UNIQUE("session_id","age_band","sex"),
	CONSTRAINT "anonymous_attendance_count" CHECK ("anonymous_attendance"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" "booking_status" NOT NULL,
	"series_id" uuid,
	"held_place" boolean DEFAULT false NOT NULL,
	"override_reason" text,
	"booked_by" text,
	"placed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_sessionId_personId_unique" UNIQUE("session_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "closure_days" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"date" date NOT NULL,
	"name" text NOT NULL,
	"site_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "closure_days_date_siteId_unique" UNIQUE NULLS NOT DISTINCT("date","site_id")
);
--> statement-breakpoint
CREATE TABLE "session_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"venue_site_id" uuid,
	"frequency" "repeat_frequency" NOT NULL,
	"starts_on" date NOT NULL,
	"occurrences" integer,
	"until_date" date,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	"capacity" integer,
	"facilitators" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_series_has_end" CHECK ("session_series"."frequency" = 'once' or "session_series"."occurrences" is not null or "session_series"."until_date" is not null),
	CONSTRAINT "session_series_times" CHECK ("session_series"."end_time" > "session_series"."start_time")
);
--> statement-breakpoint
CREATE TABLE "terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"locality_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "terms_dates" CHECK ("terms"."ends_on" >= "terms"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "kiosks" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "kiosks" ADD COLUMN "app_version" text;--> statement-breakpoint
ALTER TABLE "kiosks" ADD COLUMN "queued_check_ins" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kiosks" ADD COLUMN "pin_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kiosks" ADD COLUMN "pin_locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attendances" ADD COLUMN "unconfirmed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "delivery_unit" "delivery_unit";--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "max_age_months_disability" integer;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "target_groups" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "partner_organisation" text;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "series_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "venue_site_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "facilitators" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "held_places" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "hold_release_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "cancelled_by" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "staff_kiosk_pins" ADD CONSTRAINT "staff_kiosk_pins_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anonymous_attendance" ADD CONSTRAINT "anonymous_attendance_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anonymous_attendance" ADD CONSTRAINT "anonymous_attendance_recorded_by_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_series_id_session_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."session_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_booked_by_user_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_cancelled_by_user_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closure_days" ADD CONSTRAINT "closure_days_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_series" ADD CONSTRAINT "session_series_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_series" ADD CONSTRAINT "session_series_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_series" ADD CONSTRAINT "session_series_venue_site_id_sites_id_fk" FOREIGN KEY ("venue_site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_series" ADD CONSTRAINT "session_series_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms" ADD CONSTRAINT "terms_locality_id_localities_id_fk" FOREIGN KEY ("locality_id") REFERENCES "public"."localities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bookings_session_id_status_created_at_index" ON "bookings" USING btree ("session_id","status","created_at");--> statement-breakpoint
CREATE INDEX "bookings_person_id_index" ON "bookings" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "closure_days_date_index" ON "closure_days" USING btree ("date");--> statement-breakpoint
CREATE INDEX "terms_starts_on_index" ON "terms" USING btree ("starts_on");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_series_id_session_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."session_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_venue_site_id_sites_id_fk" FOREIGN KEY ("venue_site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_cancelled_by_user_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_series_id_index" ON "sessions" USING btree ("series_id");--> statement-breakpoint
CREATE INDEX "sessions_starts_at_index" ON "sessions" USING btree ("starts_at");--> statement-breakpoint
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_age_range" CHECK ("programmes"."min_age_months" is null or "programmes"."max_age_months" is null or "programmes"."min_age_months" <= "programmes"."max_age_months");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_ends_after_start" CHECK ("sessions"."ends_at" > "sessions"."starts_at");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_held_places" CHECK ("sessions"."held_places" >= 0);