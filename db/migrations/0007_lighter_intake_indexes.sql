DROP INDEX `stat_lead_terms_case`;--> statement-breakpoint
DROP INDEX `cases_provisional`;--> statement-breakpoint
CREATE INDEX `cases_provisional` ON `cases` (`status`) WHERE deadlines_provisional = 1;