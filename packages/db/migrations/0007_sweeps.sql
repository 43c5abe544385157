ALTER TABLE "runs" ADD COLUMN "kind" text DEFAULT 'train' NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "sweep" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "best_run_id" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "trial_number" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "pruned_at_step" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_parent_run_id_runs_id_fk" FOREIGN KEY ("parent_run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "runs_parent_trial_key" ON "runs" USING btree ("parent_run_id","trial_number");