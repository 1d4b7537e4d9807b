CREATE TABLE `stat_cases` (
	`case_id` integer PRIMARY KEY NOT NULL,
	`jurisdiction` text NOT NULL,
	`received_at` integer NOT NULL,
	`month` text NOT NULL,
	`channel` text NOT NULL,
	`district_code` text,
	`matter_code` text,
	`pollution_types` text NOT NULL,
	`status` text NOT NULL,
	`lead_department` text,
	`lead_district` text,
	`lead_office` text,
	`reply_due_at` integer,
	`first_replied_at` integer,
	`first_reply_on_time` integer,
	`handling_working_days` real,
	`callback_resolved` integer,
	`callback_satisfaction` text,
	`reopen_count` integer NOT NULL,
	`is_repeat` integer NOT NULL,
	`approved_extensions` integer NOT NULL,
	`reported_entity` text,
	`address` text
);
--> statement-breakpoint
CREATE INDEX `stat_cases_period` ON `stat_cases` (`jurisdiction`,`received_at`);--> statement-breakpoint
CREATE INDEX `stat_cases_open_lead` ON `stat_cases` (`jurisdiction`,`status`,`lead_department`);--> statement-breakpoint
CREATE TABLE `stat_lead_terms` (
	`assignment_id` integer PRIMARY KEY NOT NULL,
	`case_id` integer NOT NULL,
	`jurisdiction` text NOT NULL,
	`received_at` integer NOT NULL,
	`district_code` text,
	`department` text NOT NULL,
	`office_district` text,
	`assigned_at` integer NOT NULL,
	`sign_due_at` integer NOT NULL,
	`signed_at` integer,
	`end_reason` text
);
--> statement-breakpoint
CREATE INDEX `stat_lead_terms_period` ON `stat_lead_terms` (`jurisdiction`,`received_at`);--> statement-breakpoint
CREATE INDEX `stat_lead_terms_case` ON `stat_lead_terms` (`case_id`);--> statement-breakpoint
CREATE INDEX `cases_repeat_lookup` ON `cases` (`jurisdiction`,`matter_code`,`district_code`,`received_at`);