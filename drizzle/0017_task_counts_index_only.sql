DROP INDEX "tasks_user_id_done_idx";--> statement-breakpoint
CREATE INDEX "tasks_user_id_org_id_done_idx" ON "tasks" USING btree ("user_id","org_id","done");--> statement-breakpoint
CREATE INDEX "tasks_org_id_done_user_id_idx" ON "tasks" USING btree ("org_id","done","user_id");