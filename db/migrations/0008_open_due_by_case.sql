DROP INDEX `stat_cases_open_due`;--> statement-breakpoint
CREATE INDEX `stat_cases_open_due` ON `stat_cases` (`jurisdiction`,`status`,`reply_due_at`,`case_id`,`lead_department`,`district_code`);