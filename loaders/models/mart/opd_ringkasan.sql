-- One scorecard row per OPD and period (quarters and years of the IKU): mean capped capaian and its
-- status, the IKM of the matching semester or year, and the predikat distribution of the period.
WITH periods AS (SELECT DISTINCT periode FROM mart.indikator_capaian),
iku AS (
  SELECT periode, kode_opd,
    count(*) AS jumlah_indikator,
    count(*) FILTER (WHERE realisasi IS NOT NULL) AS indikator_dilaporkan,
    count(*) FILTER (WHERE status = 'tercapai') AS indikator_tercapai,
    round(avg(capaian_dibatasi(capaian)), 2) AS rata_capaian
  FROM mart.indikator_capaian GROUP BY periode, kode_opd
)
SELECT p.periode, o.kode_opd, o.nama_opd,
  coalesce(i.jumlah_indikator, 0) AS jumlah_indikator,
  coalesce(i.indikator_dilaporkan, 0) AS indikator_dilaporkan,
  coalesce(i.indikator_tercapai, 0) AS indikator_tercapai,
  i.rata_capaian,
  status_capaian(i.rata_capaian) AS status,
  k.periode AS periode_ikm, k.ikm, k.mutu, k.jumlah_responden,
  s.jumlah_pegawai,
  round(100.0 * s.sangat_baik / nullif(s.jumlah_pegawai, 0), 1) AS persen_sangat_baik,
  round(100.0 * (s.butuh_perbaikan + s.kurang + s.sangat_kurang) / nullif(s.jumlah_pegawai, 0), 1) AS persen_butuh_perbaikan_ke_bawah
FROM periods p
CROSS JOIN ref.opd o
LEFT JOIN iku i ON i.periode = p.periode AND i.kode_opd = o.kode_opd
LEFT JOIN mart.ikm_opd k ON k.kode_opd = o.kode_opd AND k.periode =
  CASE WHEN periode_jenis(p.periode) = 'triwulan'
       THEN left(p.periode, 4) || '-S' || CASE WHEN right(p.periode, 1) IN ('1', '2') THEN '1' ELSE '2' END
       ELSE p.periode END
LEFT JOIN mart.skp_predikat s ON s.kode_opd = o.kode_opd AND s.periode = p.periode
ORDER BY p.periode, o.kode_opd
