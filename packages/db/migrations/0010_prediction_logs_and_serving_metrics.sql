CREATE TABLE "deployment_metric_minutes" (
	"deployment_id" uuid NOT NULL,
	"model_version_id" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"org_id" uuid NOT NULL,
	"requests" bigint NOT NULL,
	"latency_sum_ms" double precision NOT NULL,
	"latency_buckets" bigint[] NOT NULL,
	CONSTRAINT "deployment_metric_minutes_deployment_id_model_version_id_minute_outcome_pk" PRIMARY KEY("deployment_id","model_version_id","minute","outcome")
);
--> statement-breakpoint
CREATE TABLE "prediction_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"model_version_id" uuid NOT NULL,
	"prediction_id" uuid NOT NULL,
	"record_index" integer NOT NULL,
	"features" jsonb NOT NULL,
	"output" jsonb NOT NULL,
	"label" jsonb,
	"labeled_at" timestamp with time zone,
	"latency_ms" double precision NOT NULL,
	"shadow" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "shadow" jsonb;--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "log_sample_rate" double precision DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "deployment_metric_minutes" ADD CONSTRAINT "deployment_metric_minutes_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prediction_logs_deployment_time_idx" ON "prediction_logs" USING btree ("deployment_id","created_at");--> statement-breakpoint
CREATE INDEX "prediction_logs_prediction_idx" ON "prediction_logs" USING btree ("prediction_id");