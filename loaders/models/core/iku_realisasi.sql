-- IKU realisations with their target: the export's own target when given, else the catalogue's.
-- Annual values from the API connectors (raw.bps, raw.ckan; loaders/connectors) fill in an
-- indicator-year whose e-SAKIP export has no annual realisation (no row, or an empty one): e-SAKIP
-- wins where it reports, BPS before CKAN, the latest load of each.
WITH api AS (
  SELECT tahun, kode_opd, kode_indikator, nilai, _load_id, 1 AS prioritas FROM raw.bps
  UNION ALL
  SELECT tahun, kode_opd, kode_indikator, nilai, _load_id, 2 AS prioritas FROM raw.ckan
), api_latest AS (
  SELECT * FROM api
  QUALIFY row_number() OVER (PARTITION BY tahun, kode_indikator ORDER BY prioritas, _load_id DESC) = 1
), iku AS (
  SELECT r.tahun, r.triwulan, r.kode_opd, r.kode_indikator, r.target_nilai, r.target_atas,
    CASE WHEN r.triwulan IS NULL AND r.realisasi IS NULL THEN a.nilai ELSE r.realisasi END AS realisasi,
    CASE WHEN r.triwulan IS NULL AND r.realisasi IS NULL AND a.nilai IS NOT NULL THEN a._load_id ELSE r._load_id END AS _load_id
  FROM raw.iku r
  LEFT JOIN api_latest a ON r.triwulan IS NULL AND a.tahun = r.tahun AND a.kode_indikator = r.kode_indikator
  UNION ALL
  SELECT a.tahun, NULL, a.kode_opd, a.kode_indikator, NULL, NULL, a.nilai, a._load_id
  FROM api_latest a
  WHERE NOT EXISTS (SELECT 1 FROM raw.iku r WHERE r.triwulan IS NULL AND r.tahun = a.tahun AND r.kode_indikator = a.kode_indikator)
)
SELECT
  r.tahun, r.triwulan,
  CASE WHEN r.triwulan IS NULL THEN CAST(r.tahun AS VARCHAR) ELSE periode_triwulan(r.tahun, r.triwulan) END AS periode,
  r.kode_opd, r.kode_indikator,
  coalesce(r.target_nilai, t.target) AS target,
  CASE WHEN r.target_nilai IS NOT NULL THEN r.target_atas ELSE t.target_atas END AS target_atas,
  r.realisasi,
  r._load_id
FROM iku r
LEFT JOIN ref.target_indikator t ON t.kode_indikator = r.kode_indikator AND t.tahun = r.tahun
