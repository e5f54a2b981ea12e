CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_user_id" uuid,
	"recipient_seller_id" uuid,
	"complaint_id" uuid,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox_clock" (
	"id" integer PRIMARY KEY NOT NULL,
	"offset_ms" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strikes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seller_id" uuid NOT NULL,
	"complaint_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"weight" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "notices_user_idx" ON "notices" USING btree ("recipient_user_id");--> statement-breakpoint
CREATE INDEX "notices_seller_idx" ON "notices" USING btree ("recipient_seller_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strikes_item_idx" ON "strikes" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "strikes_seller_idx" ON "strikes" USING btree ("seller_id");