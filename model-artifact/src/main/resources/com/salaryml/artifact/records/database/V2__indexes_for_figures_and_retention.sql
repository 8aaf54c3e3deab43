-- The fleet's live figures read the newest outcomes, and retention deletes the oldest rows of both tables:
-- without these, both scan whole tables that grow by millions of rows.

CREATE INDEX salary_predictions_predicted_at ON salary_predictions (predicted_at);
CREATE INDEX salary_outcomes_reported_at ON salary_outcomes (reported_at);
