CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`due_at` integer NOT NULL,
	`fired_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalations_case_kind_due` ON `escalations` (`case_id`,`kind`,`due_at`);--> statement-breakpoint
CREATE INDEX `escalations_kind` ON `escalations` (`kind`,`case_id`);--> statement-breakpoint
CREATE TABLE `scheduler_locks` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cases_status_sign_due` ON `cases` (`status`,`sign_due_at`);--> statement-breakpoint
CREATE INDEX `cases_status_reply_due` ON `cases` (`status`,`reply_due_at`);