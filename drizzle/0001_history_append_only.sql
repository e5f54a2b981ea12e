-- SPEC §2: the case history is append-only. Any UPDATE or DELETE of an event is refused by the database.
CREATE OR REPLACE FUNCTION history_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'history_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER history_events_no_update BEFORE UPDATE OR DELETE ON history_events
  FOR EACH ROW EXECUTE FUNCTION history_events_append_only();
--> statement-breakpoint
CREATE TRIGGER history_events_no_truncate BEFORE TRUNCATE ON history_events
  FOR EACH STATEMENT EXECUTE FUNCTION history_events_append_only();
