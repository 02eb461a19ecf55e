CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "document" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"origin" text NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"url" text,
	"file_name" text,
	"format" text,
	"sha256" text,
	"byte_size" integer,
	"text" text,
	"document_date" text,
	"retrieved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_origin_check" CHECK ("document"."origin" in ('reference', 'import', 'manual')),
	CONSTRAINT "document_date_check" CHECK ("document"."document_date" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$')
);
--> statement-breakpoint
CREATE TABLE "provenance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"field" text,
	"document_id" uuid NOT NULL,
	"source_start" integer,
	"source_end" integer,
	"basis" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provenance_range_check" CHECK (("provenance"."source_start" is null and "provenance"."source_end" is null) or ("provenance"."source_start" >= 0 and "provenance"."source_end" >= "provenance"."source_start"))
);
--> statement-breakpoint
CREATE TABLE "finding_ask" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"due_on" text NOT NULL,
	"text" text NOT NULL,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finding_ask_due_on_check" CHECK ("finding_ask"."due_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$')
);
--> statement-breakpoint
CREATE TABLE "finding_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"status" text NOT NULL,
	"occurred_on" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"progress_done" integer,
	"progress_total" integer,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	CONSTRAINT "finding_event_status_check" CHECK ("finding_event"."status" in ('open', 'closure-requested', 'closed', 'superseded', 'no-longer-relevant')),
	CONSTRAINT "finding_event_occurred_on_check" CHECK ("finding_event"."occurred_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$'),
	CONSTRAINT "finding_event_progress_check" CHECK ("finding_event"."progress_done" is null or ("finding_event"."progress_total" is not null and "finding_event"."progress_done" between 0 and "finding_event"."progress_total"))
);
--> statement-breakpoint
CREATE TABLE "finding_link" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_finding_id" uuid NOT NULL,
	"to_finding_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source_document_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finding_link_kind_check" CHECK ("finding_link"."kind" in ('carried-over', 'superseded-by', 'replaced-by')),
	CONSTRAINT "finding_link_not_self_check" CHECK ("finding_link"."from_finding_id" <> "finding_link"."to_finding_id")
);
--> statement-breakpoint
CREATE TABLE "finding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"force_id" uuid NOT NULL,
	"inspection_id" uuid,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"number" text,
	"position" integer DEFAULT 0 NOT NULL,
	"area_id" uuid,
	"area_label" text,
	"text" text NOT NULL,
	"accelerated" boolean DEFAULT false NOT NULL,
	"raised_on" text,
	"status" text DEFAULT 'open' NOT NULL,
	"status_on" text,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finding_kind_check" CHECK ("finding"."kind" in ('cause-of-concern', 'recommendation', 'area-for-improvement', 'innovative-practice')),
	CONSTRAINT "finding_status_check" CHECK ("finding"."status" in ('open', 'closure-requested', 'closed', 'superseded', 'no-longer-relevant')),
	CONSTRAINT "finding_raised_on_check" CHECK ("finding"."raised_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$'),
	CONSTRAINT "finding_status_on_check" CHECK ("finding"."status_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$')
);
--> statement-breakpoint
CREATE TABLE "force_alias" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"force_id" uuid NOT NULL,
	"alias" text NOT NULL,
	"alias_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "force" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"lpb_name" text NOT NULL,
	"lpb_kind" text NOT NULL,
	"lpb_title" text NOT NULL,
	"lpb_since" text,
	"source_document_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "force_country_check" CHECK ("force"."country" in ('england', 'wales')),
	CONSTRAINT "force_lpb_kind_check" CHECK ("force"."lpb_kind" in ('pcc', 'pfcc', 'mayor', 'mopac', 'city-of-london-corporation')),
	CONSTRAINT "force_lpb_since_check" CHECK ("force"."lpb_since" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$')
);
--> statement-breakpoint
CREATE TABLE "inspection_force" (
	"inspection_id" uuid NOT NULL,
	"force_id" uuid NOT NULL,
	"quoted" boolean,
	CONSTRAINT "inspection_force_inspection_id_force_id_pk" PRIMARY KEY("inspection_id","force_id")
);
--> statement-breakpoint
CREATE TABLE "inspection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"programme_id" uuid,
	"type" text NOT NULL,
	"published_on" text,
	"published_at" timestamp with time zone,
	"source_url" text,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_type_check" CHECK ("inspection"."type" in ('peel', 'thematic', 'force-specific', 'revisit', 'joint', 'commissioned')),
	CONSTRAINT "inspection_published_on_check" CHECK ("inspection"."published_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$')
);
--> statement-breakpoint
CREATE TABLE "judgement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"force_id" uuid NOT NULL,
	"area_id" uuid,
	"area_label" text NOT NULL,
	"grade" text,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "judgement_grade_check" CHECK ("judgement"."grade" is null or "judgement"."grade" in ('outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'))
);
--> statement-breakpoint
CREATE TABLE "programme_area" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"parent_id" uuid,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"graded" boolean NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"cycle" text,
	"start_year" integer,
	"end_year" integer,
	"scale" text NOT NULL,
	"areas_complete" boolean DEFAULT true NOT NULL,
	"comparability" text,
	"source_document_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_kind_check" CHECK ("programme"."kind" in ('peel', 'thematic', 'force-specific', 'revisit', 'joint', 'commissioned')),
	CONSTRAINT "programme_scale_check" CHECK ("programme"."scale" in ('four-tier', 'five-tier', 'ungraded'))
);
--> statement-breakpoint
CREATE TABLE "engage_period_inspection" (
	"period_id" uuid NOT NULL,
	"inspection_id" uuid NOT NULL,
	CONSTRAINT "engage_period_inspection_period_id_inspection_id_pk" PRIMARY KEY("period_id","inspection_id")
);
--> statement-breakpoint
CREATE TABLE "engage_period_source" (
	"period_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"field" text NOT NULL,
	"source_start" integer,
	"source_end" integer,
	CONSTRAINT "engage_period_source_period_id_document_id_field_pk" PRIMARY KEY("period_id","document_id","field"),
	CONSTRAINT "engage_period_source_field_check" CHECK ("engage_period_source"."field" in ('entered', 'exited'))
);
--> statement-breakpoint
CREATE TABLE "engage_period" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"force_id" uuid NOT NULL,
	"entered_on" text NOT NULL,
	"exited_on" text,
	"open_causes_of_concern_at_exit" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engage_period_entered_on_check" CHECK ("engage_period"."entered_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$'),
	CONSTRAINT "engage_period_exited_on_check" CHECK ("engage_period"."exited_on" ~ '^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$'),
	CONSTRAINT "engage_period_order_check" CHECK ("engage_period"."exited_on" is null or "engage_period"."exited_on" >= substr("engage_period"."entered_on", 1, 4))
);
--> statement-breakpoint
CREATE TABLE "engage_reason" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_id" uuid NOT NULL,
	"parent_id" uuid,
	"direction" text NOT NULL,
	"position" integer NOT NULL,
	"theme" text,
	"text" text,
	"finding_id" uuid,
	"source_document_id" uuid,
	"source_start" integer,
	"source_end" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engage_reason_direction_check" CHECK ("engage_reason"."direction" in ('entry', 'exit')),
	CONSTRAINT "engage_reason_content_check" CHECK ("engage_reason"."theme" is not null or "engage_reason"."text" is not null)
);
--> statement-breakpoint
ALTER TABLE "provenance" ADD CONSTRAINT "provenance_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_ask" ADD CONSTRAINT "finding_ask_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_ask" ADD CONSTRAINT "finding_ask_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_event" ADD CONSTRAINT "finding_event_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_event" ADD CONSTRAINT "finding_event_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_link" ADD CONSTRAINT "finding_link_from_finding_id_finding_id_fk" FOREIGN KEY ("from_finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_link" ADD CONSTRAINT "finding_link_to_finding_id_finding_id_fk" FOREIGN KEY ("to_finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_link" ADD CONSTRAINT "finding_link_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding" ADD CONSTRAINT "finding_force_id_force_id_fk" FOREIGN KEY ("force_id") REFERENCES "public"."force"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding" ADD CONSTRAINT "finding_inspection_id_inspection_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspection"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding" ADD CONSTRAINT "finding_parent_id_finding_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding" ADD CONSTRAINT "finding_area_id_programme_area_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."programme_area"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding" ADD CONSTRAINT "finding_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "force_alias" ADD CONSTRAINT "force_alias_force_id_force_id_fk" FOREIGN KEY ("force_id") REFERENCES "public"."force"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "force" ADD CONSTRAINT "force_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_force" ADD CONSTRAINT "inspection_force_inspection_id_inspection_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_force" ADD CONSTRAINT "inspection_force_force_id_force_id_fk" FOREIGN KEY ("force_id") REFERENCES "public"."force"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection" ADD CONSTRAINT "inspection_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection" ADD CONSTRAINT "inspection_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement" ADD CONSTRAINT "judgement_inspection_id_inspection_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement" ADD CONSTRAINT "judgement_force_id_force_id_fk" FOREIGN KEY ("force_id") REFERENCES "public"."force"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement" ADD CONSTRAINT "judgement_area_id_programme_area_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."programme_area"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement" ADD CONSTRAINT "judgement_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_area" ADD CONSTRAINT "programme_area_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_area" ADD CONSTRAINT "programme_area_parent_id_programme_area_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."programme_area"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme" ADD CONSTRAINT "programme_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engage_period_inspection" ADD CONSTRAINT "engage_period_inspection_period_id_engage_period_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."engage_period"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engage_period_inspection" ADD CONSTRAINT "engage_period_inspection_inspection_id_inspection_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engage_period_source" ADD CONSTRAINT "engage_period_source_period_id_engage_period_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."engage_period"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engage_period_source" ADD CONSTRAINT "engage_period_source_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engage_period" ADD CONSTRAINT "engage_period_force_id_force_id_fk" FOREIGN KEY ("force_id") REFERENCES "public"."force"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engage_reason" ADD CONSTRAINT "engage_reason_period_id_engage_period_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."engage_period"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engage_reason" ADD CONSTRAINT "engage_reason_parent_id_engage_reason_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."engage_reason"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engage_reason" ADD CONSTRAINT "engage_reason_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engage_reason" ADD CONSTRAINT "engage_reason_source_document_id_document_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_event_entity_idx" ON "audit_event" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_event_at_idx" ON "audit_event" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "document_sha256_key" ON "document" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "document_reference_url_key" ON "document" USING btree ("url") WHERE "document"."origin" = 'reference';--> statement-breakpoint
CREATE INDEX "provenance_entity_idx" ON "provenance" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "provenance_document_idx" ON "provenance" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "finding_ask_finding_idx" ON "finding_ask" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "finding_event_finding_idx" ON "finding_event" USING btree ("finding_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "finding_link_key" ON "finding_link" USING btree ("from_finding_id","to_finding_id","kind");--> statement-breakpoint
CREATE INDEX "finding_force_status_idx" ON "finding" USING btree ("force_id","status");--> statement-breakpoint
CREATE INDEX "finding_inspection_idx" ON "finding" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "finding_parent_idx" ON "finding" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "force_alias_key_key" ON "force_alias" USING btree ("alias_key");--> statement-breakpoint
CREATE INDEX "force_alias_force_idx" ON "force_alias" USING btree ("force_id");--> statement-breakpoint
CREATE UNIQUE INDEX "force_slug_key" ON "force" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "force_name_key" ON "force" USING btree ("name");--> statement-breakpoint
CREATE INDEX "inspection_force_force_idx" ON "inspection_force" USING btree ("force_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_slug_key" ON "inspection" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "inspection_published_idx" ON "inspection" USING btree ("published_on");--> statement-breakpoint
CREATE UNIQUE INDEX "judgement_area_key" ON "judgement" USING btree ("inspection_id","force_id","area_label");--> statement-breakpoint
CREATE INDEX "judgement_force_idx" ON "judgement" USING btree ("force_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_area_slug_key" ON "programme_area" USING btree ("programme_id","slug");--> statement-breakpoint
CREATE INDEX "programme_area_parent_idx" ON "programme_area" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_slug_key" ON "programme" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "engage_period_force_entered_key" ON "engage_period" USING btree ("force_id","entered_on");--> statement-breakpoint
CREATE INDEX "engage_period_exited_idx" ON "engage_period" USING btree ("exited_on");--> statement-breakpoint
CREATE INDEX "engage_reason_period_idx" ON "engage_reason" USING btree ("period_id","direction","position");