ALTER TABLE "dataset_versions" ADD COLUMN "lineage" jsonb;--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "pii_policy" jsonb;