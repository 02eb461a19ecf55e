CREATE TABLE "scrutiny_meeting_finding" (
	"meeting_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "scrutiny_meeting_finding_meeting_id_finding_id_pk" PRIMARY KEY("meeting_id","finding_id")
);
--> statement-breakpoint
ALTER TABLE "response" ADD COLUMN "chief_invited_on" text;--> statement-breakpoint
ALTER TABLE "response" ADD COLUMN "chief_comments_due_on" text;--> statement-breakpoint
ALTER TABLE "response" ADD COLUMN "chief_comments" text;--> statement-breakpoint
ALTER TABLE "response" ADD COLUMN "sent_to_hmicfrs_on" text;--> statement-breakpoint
ALTER TABLE "response" ADD COLUMN "sent_to_home_secretary_on" text;--> statement-breakpoint
ALTER TABLE "response" ADD COLUMN "answered_through_id" uuid;--> statement-breakpoint
ALTER TABLE "response" ADD COLUMN "answered_through_reason" text;--> statement-breakpoint
ALTER TABLE "response" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scrutiny_meeting" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scrutiny_meeting" ADD COLUMN "actions_arising" text;--> statement-breakpoint
ALTER TABLE "scrutiny_meeting" ADD COLUMN "pack" jsonb;--> statement-breakpoint
ALTER TABLE "scrutiny_meeting" ADD COLUMN "pack_frozen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scrutiny_meeting_finding" ADD CONSTRAINT "scrutiny_meeting_finding_meeting_id_scrutiny_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."scrutiny_meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_meeting_finding" ADD CONSTRAINT "scrutiny_meeting_finding_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_answered_through_id_response_id_fk" FOREIGN KEY ("answered_through_id") REFERENCES "public"."response"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "response_force_idx" ON "response" USING btree ("force_id","deadline");--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_chief_invited_on_check" CHECK ("response"."chief_invited_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$');--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_chief_comments_due_on_check" CHECK ("response"."chief_comments_due_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$');--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_sent_to_hmicfrs_on_check" CHECK ("response"."sent_to_hmicfrs_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$');--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_sent_to_home_secretary_on_check" CHECK ("response"."sent_to_home_secretary_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$');--> statement-breakpoint
CREATE TRIGGER scrutiny_meeting_finding_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON scrutiny_meeting_finding
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_bump_data_version();
