-- The data's version: any write to a table of facts bumps it, in the same transaction, so every app
-- instance can tell whether what it cached is still current (public page cache, ETags).
INSERT INTO app_meta (key, value) VALUES ('data-version', '0'::jsonb) ON CONFLICT (key) DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION oversight_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE app_meta SET value = to_jsonb((value #>> '{}')::bigint + 1), updated_at = now() WHERE key = 'data-version';
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['force', 'force_alias', 'programme', 'programme_area', 'inspection', 'inspection_force', 'judgement',
    'finding', 'finding_ask', 'finding_event', 'finding_link', 'engage_period', 'engage_reason', 'engage_period_inspection',
    'engage_period_source', 'document', 'provenance', 'document_mention', 'source_conflict', 'response', 'response_recommendation',
    'scrutiny_meeting', 'scrutiny_question']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION oversight_bump_data_version()', t || '_data_version', t);
  END LOOP;
END;
$$;
