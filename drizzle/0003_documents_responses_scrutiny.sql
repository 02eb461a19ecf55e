CREATE TABLE "document_mention" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"force_id" uuid NOT NULL,
	"event" text NOT NULL,
	"occurred_on" text,
	"grade_counts" jsonb,
	"areas_assessed" integer,
	"quoted_recommendations" jsonb,
	"source_start" integer,
	"source_end" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_mention_event_check" CHECK ("document_mention"."event" in ('entered-engage', 'left-engage', 'report-published', 'remains-in-engage')),
	CONSTRAINT "document_mention_occurred_on_check" CHECK ("document_mention"."occurred_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$')
);
--> statement-breakpoint
CREATE TABLE "source_conflict" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"force_id" uuid,
	"entity" text NOT NULL,
	"entity_id" uuid,
	"description" text NOT NULL,
	"details" jsonb,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_conflict_status_check" CHECK ("source_conflict"."status" in ('open', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "response_recommendation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"response_id" uuid NOT NULL,
	"finding_id" uuid,
	"position" integer NOT NULL,
	"number" text,
	"text" text NOT NULL,
	"action" text,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"force_id" uuid NOT NULL,
	"deadline" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_on" text,
	"public_url" text,
	"inspection_type" jsonb,
	"force_quoted" text DEFAULT 'unknown' NOT NULL,
	"summary" jsonb,
	"force_response" text,
	"lpb_comment" text,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "response_status_check" CHECK ("response"."status" in ('draft', 'ready', 'published')),
	CONSTRAINT "response_force_quoted_check" CHECK ("response"."force_quoted" in ('yes', 'no', 'unknown')),
	CONSTRAINT "response_deadline_check" CHECK ("response"."deadline" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$'),
	CONSTRAINT "response_published_on_check" CHECK ("response"."published_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$')
);
--> statement-breakpoint
CREATE TABLE "scrutiny_meeting" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"force_id" uuid NOT NULL,
	"response_id" uuid,
	"held_on" text,
	"body" text DEFAULT 'Local policing body scrutiny meeting' NOT NULL,
	"focus" text,
	"published" boolean DEFAULT false NOT NULL,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scrutiny_meeting_held_on_check" CHECK ("scrutiny_meeting"."held_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$')
);
--> statement-breakpoint
CREATE TABLE "scrutiny_question" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"number" text,
	"question" text NOT NULL,
	"answer" text,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_mention" ADD CONSTRAINT "document_mention_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_conflict" ADD CONSTRAINT "source_conflict_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_recommendation" ADD CONSTRAINT "response_recommendation_response_id_response_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."response"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_recommendation" ADD CONSTRAINT "response_recommendation_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_recommendation" ADD CONSTRAINT "response_recommendation_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_inspection_id_inspection_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspection"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_force_id_force_id_fk" FOREIGN KEY ("force_id") REFERENCES "public"."force"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_meeting" ADD CONSTRAINT "scrutiny_meeting_force_id_force_id_fk" FOREIGN KEY ("force_id") REFERENCES "public"."force"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_meeting" ADD CONSTRAINT "scrutiny_meeting_response_id_response_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."response"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_meeting" ADD CONSTRAINT "scrutiny_meeting_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_question" ADD CONSTRAINT "scrutiny_question_meeting_id_scrutiny_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."scrutiny_meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_question" ADD CONSTRAINT "scrutiny_question_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_mention_force_idx" ON "document_mention" USING btree ("force_id");--> statement-breakpoint
CREATE INDEX "source_conflict_force_idx" ON "source_conflict" USING btree ("force_id");--> statement-breakpoint
CREATE INDEX "response_recommendation_response_idx" ON "response_recommendation" USING btree ("response_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "response_inspection_force_key" ON "response" USING btree ("inspection_id","force_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scrutiny_meeting_force_held_key" ON "scrutiny_meeting" USING btree ("force_id","held_on","body");--> statement-breakpoint
CREATE INDEX "scrutiny_question_meeting_idx" ON "scrutiny_question" USING btree ("meeting_id","position");