CREATE TABLE `stat_breakdown_daily` (
	`jurisdiction` text NOT NULL,
	`day` text NOT NULL,
	`dimension` text NOT NULL,
	`key` text NOT NULL,
	`cases` integer DEFAULT 0 NOT NULL,
	`replied` integer DEFAULT 0 NOT NULL,
	`replied_on_time` integer DEFAULT 0 NOT NULL,
	`callbacks` integer DEFAULT 0 NOT NULL,
	`resolved` integer DEFAULT 0 NOT NULL,
	`satisfied` integer DEFAULT 0 NOT NULL,
	`reopened` integer DEFAULT 0 NOT NULL,
	`repeats` integer DEFAULT 0 NOT NULL,
	`handling_days_sum` real DEFAULT 0 NOT NULL,
	`handling_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`jurisdiction`, `dimension`, `day`, `key`)
);
--> statement-breakpoint
CREATE TABLE `stat_department_daily` (
	`jurisdiction` text NOT NULL,
	`day` text NOT NULL,
	`department` text NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`signed` integer DEFAULT 0 NOT NULL,
	`signed_on_time` integer DEFAULT 0 NOT NULL,
	`returned` integer DEFAULT 0 NOT NULL,
	`reassigned` integer DEFAULT 0 NOT NULL,
	`cases` integer DEFAULT 0 NOT NULL,
	`replied` integer DEFAULT 0 NOT NULL,
	`replied_on_time` integer DEFAULT 0 NOT NULL,
	`callbacks` integer DEFAULT 0 NOT NULL,
	`resolved` integer DEFAULT 0 NOT NULL,
	`satisfied` integer DEFAULT 0 NOT NULL,
	`reopened` integer DEFAULT 0 NOT NULL,
	`repeats` integer DEFAULT 0 NOT NULL,
	`handling_days_sum` real DEFAULT 0 NOT NULL,
	`handling_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`jurisdiction`, `day`, `department`)
);
--> statement-breakpoint
DROP INDEX `stat_cases_open_lead`;--> statement-breakpoint
CREATE INDEX `stat_cases_department` ON `stat_cases` (`jurisdiction`,`lead_department`,`received_at`);--> statement-breakpoint
CREATE INDEX `stat_cases_open_due` ON `stat_cases` (`jurisdiction`,`status`,`reply_due_at`,`lead_department`,`district_code`);--> statement-breakpoint
CREATE INDEX `stat_cases_unreplied` ON `stat_cases` (`jurisdiction`,`received_at`,`status`,`reply_due_at`,`lead_department`,`matter_code`,`channel`,`district_code`,`pollution_types`) WHERE first_replied_at IS NULL;--> statement-breakpoint
CREATE INDEX `stat_lead_terms_department` ON `stat_lead_terms` (`jurisdiction`,`department`,`received_at`);--> statement-breakpoint
CREATE INDEX `stat_lead_terms_unsigned` ON `stat_lead_terms` (`jurisdiction`,`received_at`,`sign_due_at`,`department`) WHERE signed_at IS NULL;