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
-- Revision history (loaders/revisions/revisi.ts): the value now published for each figure with the
-- loads behind it, and every change of an already published value.
CREATE TABLE IF NOT EXISTS meta.angka_terbit (
  mart VARCHAR NOT NULL, periode VARCHAR NOT NULL, kode VARCHAR NOT NULL, kolom VARCHAR NOT NULL,
  nilai DOUBLE, load_ids INTEGER[] NOT NULL, run_id INTEGER NOT NULL, dicatat TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (mart, periode, kode, kolom)
);
CREATE TABLE IF NOT EXISTS meta.revisi (
  run_id INTEGER NOT NULL, mart VARCHAR NOT NULL, periode VARCHAR NOT NULL, kode VARCHAR NOT NULL, kolom VARCHAR NOT NULL,
  nilai_lama DOUBLE NOT NULL, nilai_baru DOUBLE, load_lama INTEGER[] NOT NULL, load_baru INTEGER[] NOT NULL,
  dicatat_lama TIMESTAMPTZ NOT NULL, tanggal TIMESTAMPTZ NOT NULL
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
