// The warehouse's fixed tables. Source tables (raw.*, quarantine.*) are created from each source's
// contract (ingest/tables.ts); core.* and mart.* are rebuilt by the models.
export const SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS ref;
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS quarantine;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS mart;
CREATE SCHEMA IF NOT EXISTS meta;
CREATE SEQUENCE IF NOT EXISTS meta.load_seq START 1;
CREATE TABLE IF NOT EXISTS meta.loads (
  load_id       INTEGER NOT NULL,
  source        VARCHAR NOT NULL,
  file          VARCHAR NOT NULL,
  sha256        VARCHAR NOT NULL,
  rows_in       BIGINT NOT NULL,
  rows_ok       BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  rows_replaced BIGINT NOT NULL DEFAULT 0,
  partitions    VARCHAR[],
  status        VARCHAR NOT NULL,      -- loaded | superseded
  started       TIMESTAMPTZ NOT NULL,
  finished      TIMESTAMPTZ NOT NULL,
  CHECK (rows_in = rows_ok + rows_rejected),
  CHECK (status IN ('loaded', 'superseded'))
);
CREATE SEQUENCE IF NOT EXISTS meta.transform_seq START 1;
CREATE TABLE IF NOT EXISTS meta.transforms (
  run_id      INTEGER NOT NULL,
  started     TIMESTAMPTZ NOT NULL,
  finished    TIMESTAMPTZ NOT NULL,
  models      INTEGER NOT NULL,
  tests       INTEGER NOT NULL,
  last_load_id INTEGER
);
`;
