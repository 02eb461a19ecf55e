ALTER TABLE "finding" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(area_label, '') || ' ' || text)) STORED;--> statement-breakpoint
ALTER TABLE "engage_reason" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(text, '') || ' ' || coalesce(theme, ''))) STORED;--> statement-breakpoint
ALTER TABLE "response_recommendation" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text || ' ' || coalesce(action, ''))) STORED;--> statement-breakpoint
ALTER TABLE "scrutiny_question" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, question || ' ' || coalesce(answer, ''))) STORED;--> statement-breakpoint
CREATE INDEX "finding_search_idx" ON "finding" USING gin ("search");--> statement-breakpoint
CREATE INDEX "finding_text_trgm_idx" ON "finding" USING gin ("text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "engage_reason_search_idx" ON "engage_reason" USING gin ("search");--> statement-breakpoint
CREATE INDEX "engage_reason_text_trgm_idx" ON "engage_reason" USING gin ("text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "response_recommendation_search_idx" ON "response_recommendation" USING gin ("search");--> statement-breakpoint
CREATE INDEX "scrutiny_question_search_idx" ON "scrutiny_question" USING gin ("search");