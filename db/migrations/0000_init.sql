CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`hash` text NOT NULL,
	`role` text NOT NULL,
	`jurisdiction` text,
	`channel` text,
	`department` text,
	`district` text,
	`label` text,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`department` text NOT NULL,
	`office_name` text NOT NULL,
	`district_code` text,
	`role` text NOT NULL,
	`state` text DEFAULT 'active' NOT NULL,
	`assigned_at` integer NOT NULL,
	`signed_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assignments_case` ON `assignments` (`case_id`);--> statement-breakpoint
CREATE INDEX `assignments_department` ON `assignments` (`department`,`district_code`,`state`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tracking_code` text NOT NULL,
	`access_code_hash` text NOT NULL,
	`jurisdiction` text NOT NULL,
	`channel` text NOT NULL,
	`external_id` text,
	`submission_hash` text NOT NULL,
	`kind` text NOT NULL,
	`urgency` text NOT NULL,
	`status` text NOT NULL,
	`content` text NOT NULL,
	`address` text,
	`reported_entity` text,
	`district_code` text,
	`district_name` text,
	`reporter_name` text,
	`reporter_phone` text,
	`reporter_email` text,
	`reporter_confidential` integer DEFAULT false NOT NULL,
	`matter_code` text,
	`pollution_types` text NOT NULL,
	`confidence` real NOT NULL,
	`decision` text NOT NULL,
	`catalogue_version` text NOT NULL,
	`received_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`accept_due_at` integer,
	`sign_due_at` integer,
	`reply_due_at` integer,
	`deadlines_provisional` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`catalogue_version`) REFERENCES `catalogue_versions`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_tracking_code` ON `cases` (`tracking_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_channel_external_id` ON `cases` (`channel`,`external_id`);--> statement-breakpoint
CREATE INDEX `cases_jurisdiction_status` ON `cases` (`jurisdiction`,`status`);--> statement-breakpoint
CREATE INDEX `cases_jurisdiction_received` ON `cases` (`jurisdiction`,`received_at`);--> statement-breakpoint
CREATE INDEX `cases_district` ON `cases` (`district_code`);--> statement-breakpoint
CREATE INDEX `cases_matter` ON `cases` (`matter_code`);--> statement-breakpoint
CREATE TABLE `catalogue_versions` (
	`hash` text PRIMARY KEY NOT NULL,
	`jurisdiction` text NOT NULL,
	`content` text NOT NULL,
	`first_used_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_key_id` text,
	`actor_role` text NOT NULL,
	`action` text NOT NULL,
	`from_state` text,
	`to_state` text,
	`payload` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_case` ON `events` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer,
	`channel` text NOT NULL,
	`template` text NOT NULL,
	`recipient` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_state_next` ON `outbox` (`state`,`next_attempt_at`);