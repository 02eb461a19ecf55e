CREATE TABLE "theme_override" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid,
	"engage_reason_id" uuid,
	"themes" text[] NOT NULL,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "theme_override_subject_check" CHECK (("theme_override"."finding_id" is null) <> ("theme_override"."engage_reason_id" is null))
);
--> statement-breakpoint
ALTER TABLE "theme_override" ADD CONSTRAINT "theme_override_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_override" ADD CONSTRAINT "theme_override_engage_reason_id_engage_reason_id_fk" FOREIGN KEY ("engage_reason_id") REFERENCES "public"."engage_reason"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "theme_override_finding_idx" ON "theme_override" USING btree ("finding_id");--> statement-breakpoint
CREATE UNIQUE INDEX "theme_override_engage_reason_idx" ON "theme_override" USING btree ("engage_reason_id");--> statement-breakpoint
CREATE INDEX "theme_override_themes_idx" ON "theme_override" USING gin ("themes");--> statement-breakpoint
CREATE TRIGGER theme_override_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON theme_override
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_bump_data_version();
