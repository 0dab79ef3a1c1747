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
-- API connectors (loaders/connectors): annual indicator values from BPS WebAPI and CKAN datastore.
-- Fixed here (not from a file contract) so core.iku_realisasi can read them before any API load.
CREATE TABLE IF NOT EXISTS raw.bps (
  _load_id INTEGER NOT NULL, _row INTEGER NOT NULL, tahun INTEGER NOT NULL, kode_indikator VARCHAR NOT NULL,
  kode_opd VARCHAR NOT NULL, nilai DOUBLE NOT NULL, var INTEGER, vervar VARCHAR, vervar_label VARCHAR);
CREATE TABLE IF NOT EXISTS quarantine.bps (
  _load_id INTEGER NOT NULL, file VARCHAR NOT NULL, baris INTEGER NOT NULL, kolom VARCHAR, aturan VARCHAR NOT NULL, nilai VARCHAR);
CREATE TABLE IF NOT EXISTS raw.ckan (
  _load_id INTEGER NOT NULL, _row INTEGER NOT NULL, tahun INTEGER NOT NULL, kode_indikator VARCHAR NOT NULL,
  kode_opd VARCHAR NOT NULL, nilai DOUBLE NOT NULL, resource_id VARCHAR, record_id VARCHAR);
CREATE TABLE IF NOT EXISTS quarantine.ckan (
  _load_id INTEGER NOT NULL, file VARCHAR NOT NULL, baris INTEGER NOT NULL, kolom VARCHAR, aturan VARCHAR NOT NULL, nilai VARCHAR);
`;
