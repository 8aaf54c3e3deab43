-- The record of a fleet of replicas: every logged prediction, and the real outcome reported for it.
-- One row per predicted instance, as one line of the prediction log file; docs/database.md describes every column.

CREATE TABLE salary_predictions (
    -- What an outcome is reported and joined under: the key the server issued with the answer, and the
    -- instance's position in its request.
    outcome_key    text             NOT NULL,
    instance_index integer          NOT NULL CHECK (instance_index >= 0),
    predicted_at   timestamptz      NOT NULL,
    -- Which replica answered (salary.server-id): the file log is per replica and so never needed it.
    server_id      text             NOT NULL,
    model_name     text             NOT NULL,
    model_version  text             NOT NULL,
    model_sha256   text             NOT NULL,
    estimate       double precision NOT NULL,
    interval_low   double precision,
    interval_high  double precision,
    -- The prediction log line itself (record_version 2 and later): request id, endpoint, who approved the model,
    -- the inputs, the estimate, its interval and reasons, and the warnings, as the file holds them, so that one
    -- reader serves both.
    record         jsonb            NOT NULL,
    PRIMARY KEY (outcome_key, instance_index),
    CHECK ((interval_low IS NULL) = (interval_high IS NULL))
);

CREATE TABLE salary_outcomes (
    outcome_key     text             NOT NULL,
    instance_index  integer          NOT NULL,
    reported_at     timestamptz      NOT NULL,
    actual          double precision NOT NULL,
    -- Who reported it: the caller's name in the container's realm, or "anonymous" where none must log in.
    reporter        text             NOT NULL,
    server_id       text             NOT NULL,
    -- Copied from the prediction, so the live figures read this table alone.
    model_version   text             NOT NULL,
    error           double precision NOT NULL,
    -- Whether the actual fell inside the prediction's interval; null when it had none.
    inside_interval boolean,
    -- One outcome per predicted instance: a second report is refused atomically, whichever replica takes it.
    PRIMARY KEY (outcome_key, instance_index),
    FOREIGN KEY (outcome_key, instance_index) REFERENCES salary_predictions ON DELETE CASCADE
);
