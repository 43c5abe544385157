CREATE TABLE "denied_hashes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "denied_hashes" ADD CONSTRAINT "denied_hashes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "denied_hashes_sha256_key" ON "denied_hashes" USING btree ("sha256");