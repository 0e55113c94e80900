-- The audit log stays append-only, with one narrow, deliberate exception: retention may remove
-- events older than the retention period, and only through familyhub_purge_audit_events().
-- The trigger lets a DELETE through only while that function has set a transaction-local flag,
-- and never for an event younger than 365 days, whatever the flag says, so neither a bug in the
-- application nor a stray "set familyhub.audit_purge" can remove recent history. UPDATE and
-- TRUNCATE stay refused. Every purge writes an event of its own, which the purge cannot remove.
CREATE OR REPLACE FUNCTION familyhub_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF coalesce(current_setting('familyhub.audit_purge', true), '') = 'on'
       AND OLD.at < now() - interval '365 days' THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- SECURITY DEFINER with a fixed search_path: where the application connects as a role that may
-- only INSERT and SELECT on audit_events, it may still run retention through this function, and
-- through nothing else. Events about the families in keep_family_ids (a legal hold) are kept.
CREATE OR REPLACE FUNCTION familyhub_purge_audit_events(cutoff timestamptz, keep_family_ids text[])
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  removed integer;
BEGIN
  IF cutoff IS NULL OR cutoff > now() - interval '365 days' THEN
    RAISE EXCEPTION 'audit events younger than 365 days are never removed (cutoff %)', cutoff;
  END IF;
  PERFORM set_config('familyhub.audit_purge', 'on', true);
  DELETE FROM audit_events
  WHERE at < cutoff
    -- coalesce: for an event about no record the condition is null, and "not null" would keep it.
    AND NOT coalesce(entity_type = 'family'
                     AND entity_id = ANY (coalesce(keep_family_ids, '{}'::text[])), false);
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('familyhub.audit_purge', 'off', true);
  INSERT INTO audit_events (actor_type, action, entity_type, detail)
  VALUES ('system', 'audit.purge', 'audit_events',
          jsonb_build_object('cutoff', cutoff, 'removed', removed));
  RETURN removed;
END;
$$;
