CREATE TABLE "intent_receipts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT requesting_user_id() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "intent_receipts_user_id_idx" ON "intent_receipts" USING btree ("user_id");