DROP INDEX `cases_repeat_lookup`;--> statement-breakpoint
CREATE INDEX `cases_repeat_lookup` ON `cases` (`jurisdiction`,`matter_code`,`district_code`,`received_at`,`status`,`tracking_code`);