ALTER TABLE `stat_cases` ADD `review_outcome` text;--> statement-breakpoint
ALTER TABLE `stat_cases` ADD `arbitrated` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `stat_cases_accountability` ON `stat_cases` (`jurisdiction`,`received_at`,`lead_department`,`district_code`,`review_outcome`,`arbitrated`) WHERE review_outcome IS NOT NULL OR arbitrated = 1;--> statement-breakpoint
-- Cases a previous build projected: their 复查 decision and whether 会商 fixed their lead, from their events.
UPDATE `stat_cases` SET `review_outcome` = (
    SELECT json_extract(e.`payload`, '$.outcome') FROM `events` e WHERE e.`case_id` = `stat_cases`.`case_id` AND e.`action` = 'decide-review' ORDER BY e.`id` DESC LIMIT 1)
  WHERE `case_id` IN (SELECT `case_id` FROM `events` WHERE `action` = 'decide-review');
--> statement-breakpoint
UPDATE `stat_cases` SET `arbitrated` = 1
  WHERE `lead_department` IS NOT NULL AND `case_id` IN (SELECT `case_id` FROM `events` WHERE `action` = 'arbitrate')
    AND (SELECT e.`action` FROM `events` e WHERE e.`case_id` = `stat_cases`.`case_id` AND e.`action` IN ('assign', 'reassign', 'transfer', 'arbitrate') ORDER BY e.`id` DESC LIMIT 1) = 'arbitrate';
