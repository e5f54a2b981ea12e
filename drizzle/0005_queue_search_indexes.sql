DROP INDEX "complaints_filer_idx";--> statement-breakpoint
DROP INDEX "complaints_status_due_idx";--> statement-breakpoint
CREATE INDEX "complaint_items_text_trgm_idx" ON "complaint_items" USING gin ((coalesce("title", '') || ' ' || "description") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "complaint_items_cjk_grams_idx" ON "complaint_items" USING gin (rightsdesk_cjk_grams(coalesce("title", '') || ' ' || "description"));--> statement-breakpoint
CREATE INDEX "complaints_due_idx" ON "complaints" USING btree ("due_at","created_at","id");--> statement-breakpoint
CREATE INDEX "complaints_jurisdiction_due_idx" ON "complaints" USING btree ("jurisdiction","due_at","created_at","id");--> statement-breakpoint
CREATE INDEX "complaints_case_number_trgm_idx" ON "complaints" USING gin ("case_number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "complaints_complainant_name_trgm_idx" ON "complaints" USING gin ("complainant_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "complaints_filer_idx" ON "complaints" USING btree ("filer_id","due_at","created_at","id");--> statement-breakpoint
CREATE INDEX "complaints_status_due_idx" ON "complaints" USING btree ("status","due_at","created_at","id");