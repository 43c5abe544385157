CREATE TABLE "batch_scorings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"model_version_id" uuid,
	"model_id" uuid NOT NULL,
	"model_version" integer NOT NULL,
	"source_version_id" uuid NOT NULL,
	"output_name" text NOT NULL,
	"output_version_id" uuid,
	"row_count" bigint,
	"job_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "batch_scorings" ADD CONSTRAINT "batch_scorings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_scorings" ADD CONSTRAINT "batch_scorings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_scorings" ADD CONSTRAINT "batch_scorings_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_scorings" ADD CONSTRAINT "batch_scorings_source_version_id_dataset_versions_id_fk" FOREIGN KEY ("source_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_scorings" ADD CONSTRAINT "batch_scorings_output_version_id_dataset_versions_id_fk" FOREIGN KEY ("output_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_scorings" ADD CONSTRAINT "batch_scorings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batch_scorings_project_idx" ON "batch_scorings" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "batch_scorings_source_idx" ON "batch_scorings" USING btree ("source_version_id");--> statement-breakpoint
CREATE INDEX "batch_scorings_output_idx" ON "batch_scorings" USING btree ("output_version_id");--> statement-breakpoint
CREATE INDEX "batch_scorings_model_version_idx" ON "batch_scorings" USING btree ("model_version_id");