-- The classification of a task's step (issue 11, rule 4): the most
-- restrictive of the step's own marking and of the steps that called its
-- sub-draaiboek. A reader below it does not see the task. NULL: the step
-- carries no classification (and rows written before this version, until
-- start-up marks them from the run's pinned draaiboeken).
ALTER TABLE execution_tasks ADD COLUMN classification TEXT;
