DROP INDEX "attendances_session_id_index";--> statement-breakpoint
CREATE INDEX "attendances_session_id_person_id_index" ON "attendances" USING btree ("session_id","person_id");