CREATE TABLE `channel_feeds` (
	`channel` text PRIMARY KEY NOT NULL,
	`last_event_id` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`delivered_at` integer
);
