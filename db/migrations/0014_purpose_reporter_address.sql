ALTER TABLE `cases` ADD `purpose` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `reporter_address` text;