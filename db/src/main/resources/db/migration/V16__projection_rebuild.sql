-- Blue/green rebuilds of read models (io.annals.app.rebuild). A row exists while a projection's next generation is
-- being built, in schema rebuild_<projection>, by processor '<projection>@rebuild' with its own tokens; every query
-- instance that runs the projection takes part. The switch to the new generation deletes the row in the transaction
-- that moves the new tables into place, so a row is never left behind a switch, and a crash leaves it for the rebuild
-- to resume.
CREATE TABLE projection_rebuild (
    projection      VARCHAR(64)  NOT NULL PRIMARY KEY,
    generation      BIGINT       GENERATED ALWAYS AS IDENTITY,
    -- the event store's head when the rebuild was asked for: replayProgress is the rebuild's position against it
    target_position BIGINT       NOT NULL,
    requested_at    TIMESTAMPTZ  NOT NULL,
    requested_by    VARCHAR(255) NOT NULL
);
