-- The fleet's live figures read each reporter's newest outcomes of a model version, and retention deletes the
-- oldest rows of both tables: without these, both scan whole tables that grow by millions of rows.

CREATE INDEX salary_outcomes_by_version_reporter ON salary_outcomes (model_version, reporter, reported_at);
CREATE INDEX salary_outcomes_reported_at ON salary_outcomes (reported_at);
CREATE INDEX salary_predictions_predicted_at ON salary_predictions (predicted_at);
