ALTER TABLE "engage_period" ADD COLUMN "exit_intro" text;--> statement-breakpoint
ALTER TABLE "engage_period" ADD COLUMN "exit_note" text;--> statement-breakpoint
ALTER TABLE "engage_reason" ADD COLUMN "kind" text DEFAULT 'reason' NOT NULL;--> statement-breakpoint
ALTER TABLE "engage_reason" ADD COLUMN "numbered" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "engage_reason" ADD CONSTRAINT "engage_reason_kind_check" CHECK ("engage_reason"."kind" in ('reason', 'note'));