-- Capaian of every catalogue indicator for every quarter and year that has been reported so far.
-- A period with no realisation is "belum lapor" (never zero). The annual value is the annual row,
-- else the fourth quarter's value to date. Quarterly realisations are "s.d. triwulan"; for a
-- cumulative indicator (data/reference/agregasi_indikator.csv) the quarter's target is the annual
-- target x q/4, otherwise the annual target itself.
WITH reported_quarters AS (
  SELECT tahun, max(triwulan) AS tw_terakhir, bool_or(triwulan IS NULL) AS ada_tahunan
  FROM core.iku_realisasi GROUP BY tahun
), expected AS (
  SELECT i.kode_indikator, i.kode_opd, q.tahun, tw.tw AS triwulan, periode_triwulan(q.tahun, tw.tw) AS periode
  FROM ref.indikator i CROSS JOIN reported_quarters q CROSS JOIN range(1, 5) tw(tw)
  WHERE tw.tw <= coalesce(q.tw_terakhir, 0)
  UNION ALL
  SELECT i.kode_indikator, i.kode_opd, q.tahun, NULL, CAST(q.tahun AS VARCHAR)
  FROM ref.indikator i CROSS JOIN reported_quarters q
  WHERE q.ada_tahunan OR q.tw_terakhir = 4
), values AS (
  SELECT e.*,
    coalesce(r.realisasi, CASE WHEN e.triwulan IS NULL THEN q4.realisasi END) AS realisasi,
    coalesce(r.target, q4.target, t.target) AS target,
    CASE WHEN r.target IS NOT NULL THEN r.target_atas WHEN q4.target IS NOT NULL THEN q4.target_atas ELSE t.target_atas END AS target_atas
  FROM expected e
  LEFT JOIN core.iku_realisasi r ON r.kode_indikator = e.kode_indikator AND r.periode = e.periode
  LEFT JOIN core.iku_realisasi q4 ON e.triwulan IS NULL AND q4.kode_indikator = e.kode_indikator AND q4.tahun = e.tahun AND q4.triwulan = 4
  LEFT JOIN ref.target_indikator t ON t.kode_indikator = e.kode_indikator AND t.tahun = e.tahun
), periodised AS (
  SELECT v.*, coalesce(a.agregasi, 'nilai_terakhir') AS agregasi,
    v.target AS target_tahunan,
    CASE WHEN a.agregasi = 'kumulatif' AND v.triwulan IS NOT NULL THEN v.target * v.triwulan / 4 ELSE v.target END AS target_periode,
    CASE WHEN a.agregasi = 'kumulatif' AND v.triwulan IS NOT NULL THEN v.target_atas * v.triwulan / 4 ELSE v.target_atas END AS target_atas_periode
  FROM values v LEFT JOIN ref.agregasi_indikator a USING (kode_indikator)
)
SELECT v.periode, v.kode_opd, v.kode_indikator, i.nama_indikator, i.satuan, i.polaritas, v.agregasi,
  v.target_periode AS target, v.target_atas_periode AS target_atas, v.target_tahunan, v.realisasi,
  iku_capaian(i.polaritas, v.target_periode, v.target_atas_periode, v.realisasi) AS capaian,
  CASE WHEN v.realisasi IS NULL THEN 'belum lapor'
       WHEN v.target_periode IS NULL THEN 'tanpa target'
       ELSE status_capaian(iku_capaian(i.polaritas, v.target_periode, v.target_atas_periode, v.realisasi)) END AS status
FROM periodised v JOIN ref.indikator i USING (kode_indikator)
ORDER BY v.periode, v.kode_opd, v.kode_indikator
