-- History tables are append-only: the database itself refuses to change or delete their rows.
CREATE OR REPLACE FUNCTION oversight_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION oversight_refuse_change();
--> statement-breakpoint
CREATE TRIGGER finding_event_append_only BEFORE UPDATE OR DELETE ON finding_event
  FOR EACH ROW EXECUTE FUNCTION oversight_refuse_change();
