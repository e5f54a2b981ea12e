CREATE TYPE "public"."role" AS ENUM('complainant', 'agent', 'respondent', 'reviewer', 'admin');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('id_document', 'business_licence', 'registration_certificate', 'power_of_attorney', 'evidence', 'counter_evidence', 'legal_action', 'other');--> statement-breakpoint
CREATE TYPE "public"."right_type" AS ENUM('trademark', 'copyright', 'patent');--> statement-breakpoint
CREATE TYPE "public"."verification_status" AS ENUM('unverified', 'verified', 'rejected');--> statement-breakpoint
CREATE SEQUENCE "public"."case_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_prefix_unique" UNIQUE("prefix")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope_key" text PRIMARY KEY NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" text NOT NULL,
	"response_body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sellers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sellers_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "role" NOT NULL,
	"party_kind" text,
	"seller_id" uuid,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"password_hash" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "complaint_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"listing_url" text,
	"listing_external_id" text,
	"seller_external_id" text,
	"seller_id" uuid,
	"seller_name" text,
	"title" text,
	"description" text NOT NULL,
	"infringement_type" text NOT NULL,
	"right_id" uuid,
	"evidence_document_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"forwarded_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_number" text NOT NULL,
	"filer_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"jurisdiction" text DEFAULT 'CN' NOT NULL,
	"complainant_kind" text NOT NULL,
	"complainant_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"contact_phone" text,
	"identity_document_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"right_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"ownership_document_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"power_of_attorney_id" uuid,
	"statement" jsonb,
	"item_count" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"due_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaints_case_number_unique" UNIQUE("case_number")
);
--> statement-breakpoint
CREATE TABLE "correction_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"counter_notice_id" uuid,
	"missing" jsonb NOT NULL,
	"message" text,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "history_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"item_id" uuid,
	"counter_notice_id" uuid,
	"actor_id" uuid,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"reason" text,
	"document_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"data" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"kind" "document_kind" NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"do_not_forward" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "ip_rights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"holder_id" uuid NOT NULL,
	"type" "right_type" NOT NULL,
	"registration_number" text,
	"jurisdiction" text NOT NULL,
	"owner_name" text NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"classes" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text,
	"document_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"verification" "verification_status" DEFAULT 'unverified' NOT NULL,
	"verification_note" text,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "powers_of_attorney" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"principal_name" text NOT NULL,
	"scope" text NOT NULL,
	"right_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"document_id" uuid NOT NULL,
	"verification" "verification_status" DEFAULT 'unverified' NOT NULL,
	"verification_note" text,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"jurisdiction" text NOT NULL,
	"day" date NOT NULL,
	"is_off_day" boolean NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "calendar_days_jurisdiction_day_pk" PRIMARY KEY("jurisdiction","day")
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"jurisdiction" text NOT NULL,
	"year" integer NOT NULL,
	"source" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_years_jurisdiction_year_pk" PRIMARY KEY("jurisdiction","year")
);
--> statement-breakpoint
CREATE TABLE "counter_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_number" text NOT NULL,
	"complaint_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"filer_id" uuid NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"contact_phone" text,
	"item_ids" uuid[] NOT NULL,
	"statement" text NOT NULL,
	"evidence_document_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"forwarded_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "counter_notices_case_number_unique" UNIQUE("case_number")
);
--> statement-breakpoint
CREATE TABLE "deadlines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"complaint_id" uuid NOT NULL,
	"item_id" uuid,
	"counter_notice_id" uuid,
	"correction_request_id" uuid,
	"due_at" timestamp with time zone NOT NULL,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	"fired_at" timestamp with time zone,
	"fired_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"counter_notice_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"authority" text NOT NULL,
	"case_number" text NOT NULL,
	"document_id" uuid NOT NULL,
	"filed_on" date,
	"outcome" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	"reverted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_items" ADD CONSTRAINT "complaint_items_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_items" ADD CONSTRAINT "complaint_items_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_filer_id_users_id_fk" FOREIGN KEY ("filer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_rights" ADD CONSTRAINT "ip_rights_holder_id_users_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_rights" ADD CONSTRAINT "ip_rights_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "powers_of_attorney" ADD CONSTRAINT "powers_of_attorney_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "powers_of_attorney" ADD CONSTRAINT "powers_of_attorney_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counter_notices" ADD CONSTRAINT "counter_notices_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_actions" ADD CONSTRAINT "legal_actions_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_item_id_complaint_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."complaint_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_items_seq_idx" ON "complaint_items" USING btree ("complaint_id","seq");--> statement-breakpoint
CREATE INDEX "complaint_items_seller_idx" ON "complaint_items" USING btree ("seller_id");--> statement-breakpoint
CREATE INDEX "complaint_items_status_due_idx" ON "complaint_items" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "complaints_filer_idx" ON "complaints" USING btree ("filer_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_status_due_idx" ON "complaints" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "correction_requests_complaint_idx" ON "correction_requests" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "history_events_complaint_idx" ON "history_events" USING btree ("complaint_id","id");--> statement-breakpoint
CREATE INDEX "documents_owner_idx" ON "documents" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "ip_rights_holder_idx" ON "ip_rights" USING btree ("holder_id");--> statement-breakpoint
CREATE INDEX "poa_agent_idx" ON "powers_of_attorney" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "counter_notices_complaint_idx" ON "counter_notices" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "deadlines_pending_due_idx" ON "deadlines" USING btree ("due_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "deadlines_complaint_idx" ON "deadlines" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "legal_actions_complaint_idx" ON "legal_actions" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "measures_item_idx" ON "measures" USING btree ("item_id");