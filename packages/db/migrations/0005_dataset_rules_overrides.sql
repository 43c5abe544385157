CREATE TABLE "dataset_validation_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"dataset_id" uuid NOT NULL,
	"rule" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD COLUMN "inferred_schema" jsonb;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD COLUMN "schema_overrides" jsonb;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD COLUMN "validation" jsonb;--> statement-breakpoint
ALTER TABLE "dataset_validation_rules" ADD CONSTRAINT "dataset_validation_rules_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_validation_rules" ADD CONSTRAINT "dataset_validation_rules_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_validation_rules" ADD CONSTRAINT "dataset_validation_rules_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_validation_rules" ADD CONSTRAINT "dataset_validation_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dataset_validation_rules_dataset_idx" ON "dataset_validation_rules" USING btree ("dataset_id","id");