-- IKU realisations with their target: the export's own target when given, else the catalogue's.
SELECT
  r.tahun, r.triwulan,
  CASE WHEN r.triwulan IS NULL THEN CAST(r.tahun AS VARCHAR) ELSE periode_triwulan(r.tahun, r.triwulan) END AS periode,
  r.kode_opd, r.kode_indikator,
  coalesce(r.target_nilai, t.target) AS target,
  CASE WHEN r.target_nilai IS NOT NULL THEN r.target_atas ELSE t.target_atas END AS target_atas,
  r.realisasi,
  r._load_id
FROM raw.iku r
LEFT JOIN ref.target_indikator t ON t.kode_indikator = r.kode_indikator AND t.tahun = r.tahun
