DROP INDEX `outbox_state_next`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_state_priority_next` ON `outbox` (`state`,`priority`,`next_attempt_at`);--> statement-breakpoint
-- Notices queued to reporters before: their templates all end in -to-reporter.
UPDATE `outbox` SET `priority` = 1 WHERE `template` LIKE '%-to-reporter';
