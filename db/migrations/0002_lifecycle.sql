CREATE TABLE `extensions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`days` integer NOT NULL,
	`unit` text NOT NULL,
	`reason` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`requested_by` text,
	`requested_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`note` text,
	`previous_due_at` integer,
	`new_due_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `extensions_case` ON `extensions` (`case_id`);--> statement-breakpoint
CREATE TABLE `replies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`round` integer NOT NULL,
	`department` text NOT NULL,
	`office_name` text NOT NULL,
	`result` text NOT NULL,
	`substantiated` text NOT NULL,
	`measures` text NOT NULL,
	`public_reply` text NOT NULL,
	`internal_notes` text,
	`replied_by` text,
	`replied_at` integer NOT NULL,
	`callback_at` integer,
	`callback_by` text,
	`resolved` integer,
	`satisfaction` text,
	`callback_note` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `replies_case_round` ON `replies` (`case_id`,`round`);--> statement-breakpoint
ALTER TABLE `cases` ADD `reporter_allow_contact` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `signed_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `replied_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `reopened_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `reopen_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_provisional` ON `cases` (`deadlines_provisional`,`status`);