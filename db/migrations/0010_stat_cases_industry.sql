DROP INDEX `stat_cases_unreplied`;--> statement-breakpoint
ALTER TABLE `stat_cases` ADD `industry` text;--> statement-breakpoint
CREATE INDEX `stat_cases_unreplied` ON `stat_cases` (`jurisdiction`,`received_at`,`status`,`reply_due_at`,`lead_department`,`matter_code`,`channel`,`district_code`,`pollution_types`,`industry`) WHERE first_replied_at IS NULL;--> statement-breakpoint
-- Cases projected before industries were classified have none (未识别): their industry rollup rows are the day's totals, read from the channel rows every case has.
INSERT INTO `stat_breakdown_daily` (`jurisdiction`, `day`, `dimension`, `key`, `cases`, `replied`, `replied_on_time`, `callbacks`, `resolved`, `satisfied`, `reopened`, `repeats`, `handling_days_sum`, `handling_count`)
  SELECT `jurisdiction`, `day`, 'industry', '', sum(`cases`), sum(`replied`), sum(`replied_on_time`), sum(`callbacks`), sum(`resolved`), sum(`satisfied`), sum(`reopened`), sum(`repeats`), sum(`handling_days_sum`), sum(`handling_count`)
  FROM `stat_breakdown_daily` WHERE `dimension` = 'channel' GROUP BY `jurisdiction`, `day`;
