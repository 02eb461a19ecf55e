CREATE TABLE "api_token" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "sign_in_failure" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_account" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"role" text NOT NULL,
	"force_id" uuid,
	"password_hash" text,
	"oidc_issuer" text,
	"oidc_subject" text,
	"disabled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_account_role_check" CHECK ("user_account"."role" in ('force', 'lpb', 'inspectorate', 'admin')),
	CONSTRAINT "user_account_force_check" CHECK (("user_account"."role" in ('force', 'lpb')) = ("user_account"."force_id" is not null)),
	CONSTRAINT "user_account_email_check" CHECK ("user_account"."email" = lower("user_account"."email") and "user_account"."email" like '%_@_%')
);
--> statement-breakpoint
CREATE TABLE "closure_request_evidence" (
	"closure_request_id" uuid NOT NULL,
	"evidence_id" uuid NOT NULL,
	CONSTRAINT "closure_request_evidence_closure_request_id_evidence_id_pk" PRIMARY KEY("closure_request_id","evidence_id")
);
--> statement-breakpoint
CREATE TABLE "closure_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"summary" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "closure_request_status_check" CHECK ("closure_request"."status" in ('pending', 'accepted', 'returned', 'withdrawn')),
	CONSTRAINT "closure_request_summary_check" CHECK (length(trim("closure_request"."summary")) > 0)
);
--> statement-breakpoint
CREATE TABLE "evidence_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"update_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_action_change" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"field" text NOT NULL,
	"before" text,
	"after" text NOT NULL,
	"reason" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finding_action_change_field_check" CHECK ("finding_action_change"."field" in ('owner', 'due-on', 'status', 'title'))
);
--> statement-breakpoint
CREATE TABLE "finding_action" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner" text NOT NULL,
	"due_on" text NOT NULL,
	"status" text DEFAULT 'not-started' NOT NULL,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finding_action_status_check" CHECK ("finding_action"."status" in ('not-started', 'in-progress', 'complete', 'cancelled')),
	CONSTRAINT "finding_action_due_on_check" CHECK ("finding_action"."due_on" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
	CONSTRAINT "finding_action_title_check" CHECK (length(trim("finding_action"."title")) > 0),
	CONSTRAINT "finding_action_owner_check" CHECK (length(trim("finding_action"."owner")) > 0)
);
--> statement-breakpoint
CREATE TABLE "finding_assessment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"view" text NOT NULL,
	"value" text NOT NULL,
	"note" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finding_assessment_view_check" CHECK ("finding_assessment"."view" in ('force', 'lpb'))
);
--> statement-breakpoint
CREATE TABLE "finding_update" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"action_id" uuid,
	"text" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finding_update_text_check" CHECK (length(trim("finding_update"."text")) > 0)
);
--> statement-breakpoint
ALTER TABLE "finding" ADD COLUMN "force_status" text DEFAULT 'not-started' NOT NULL;--> statement-breakpoint
ALTER TABLE "finding" ADD COLUMN "assurance" text DEFAULT 'not-assessed' NOT NULL;--> statement-breakpoint
ALTER TABLE "finding" ADD COLUMN "assurance_note" text;--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_account" ADD CONSTRAINT "user_account_force_id_force_id_fk" FOREIGN KEY ("force_id") REFERENCES "public"."force"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closure_request_evidence" ADD CONSTRAINT "closure_request_evidence_closure_request_id_closure_request_id_fk" FOREIGN KEY ("closure_request_id") REFERENCES "public"."closure_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closure_request_evidence" ADD CONSTRAINT "closure_request_evidence_evidence_id_evidence_file_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence_file"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closure_request" ADD CONSTRAINT "closure_request_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_file" ADD CONSTRAINT "evidence_file_update_id_finding_update_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."finding_update"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_action_change" ADD CONSTRAINT "finding_action_change_action_id_finding_action_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."finding_action"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_action" ADD CONSTRAINT "finding_action_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_assessment" ADD CONSTRAINT "finding_assessment_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_update" ADD CONSTRAINT "finding_update_finding_id_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."finding"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_update" ADD CONSTRAINT "finding_update_action_id_finding_action_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."finding_action"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_token_token_key" ON "api_token" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_token_user_idx" ON "api_token" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_token_key" ON "session" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sign_in_failure_email_idx" ON "sign_in_failure" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "sign_in_failure_ip_idx" ON "sign_in_failure" USING btree ("ip","at");--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_email_key" ON "user_account" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_oidc_key" ON "user_account" USING btree ("oidc_issuer","oidc_subject");--> statement-breakpoint
CREATE INDEX "closure_request_finding_idx" ON "closure_request" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "closure_request_status_idx" ON "closure_request" USING btree ("status");--> statement-breakpoint
CREATE INDEX "evidence_file_update_idx" ON "evidence_file" USING btree ("update_id");--> statement-breakpoint
CREATE INDEX "finding_action_change_action_idx" ON "finding_action_change" USING btree ("action_id","at");--> statement-breakpoint
CREATE INDEX "finding_action_finding_idx" ON "finding_action" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "finding_action_due_idx" ON "finding_action" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "finding_assessment_finding_idx" ON "finding_assessment" USING btree ("finding_id","at");--> statement-breakpoint
CREATE INDEX "finding_update_finding_idx" ON "finding_update" USING btree ("finding_id","at");--> statement-breakpoint
ALTER TABLE "finding" ADD CONSTRAINT "finding_force_status_check" CHECK ("finding"."force_status" in ('not-started', 'on-track', 'at-risk', 'off-track', 'complete'));--> statement-breakpoint
ALTER TABLE "finding" ADD CONSTRAINT "finding_assurance_check" CHECK ("finding"."assurance" in ('not-assessed', 'assured', 'partly-assured', 'not-assured'));--> statement-breakpoint
CREATE TRIGGER finding_assessment_append_only BEFORE UPDATE OR DELETE ON finding_assessment
  FOR EACH ROW EXECUTE FUNCTION oversight_refuse_change();
--> statement-breakpoint
CREATE TRIGGER finding_action_change_append_only BEFORE UPDATE OR DELETE ON finding_action_change
  FOR EACH ROW EXECUTE FUNCTION oversight_refuse_change();
--> statement-breakpoint
CREATE TRIGGER finding_update_append_only BEFORE UPDATE OR DELETE ON finding_update
  FOR EACH ROW EXECUTE FUNCTION oversight_refuse_change();
--> statement-breakpoint
CREATE TRIGGER evidence_file_append_only BEFORE UPDATE OR DELETE ON evidence_file
  FOR EACH ROW EXECUTE FUNCTION oversight_refuse_change();
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['finding_assessment', 'finding_action', 'finding_action_change', 'finding_update',
    'evidence_file', 'closure_request', 'closure_request_evidence']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION oversight_bump_data_version()', t || '_data_version', t);
  END LOOP;
END;
$$;
