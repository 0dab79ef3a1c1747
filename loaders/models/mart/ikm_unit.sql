-- IKM per service unit, per year and per semester (PermenPANRB 14/2017).
WITH r AS (
  SELECT semester AS periode, * EXCLUDE (semester) FROM core.skm_respon
  UNION ALL
  SELECT CAST(tahun AS VARCHAR) AS periode, * EXCLUDE (semester) FROM core.skm_respon
), agg AS (
  SELECT periode, kode_unit, any_value(kode_opd) AS kode_opd,
    count(*) AS jumlah_responden,
    -- NRR per unsur = sum of answers / answers given
    round(avg(persyaratan), 4) AS nrr_persyaratan, round(avg(prosedur), 4) AS nrr_prosedur,
    round(avg(waktu), 4) AS nrr_waktu, round(avg(biaya), 4) AS nrr_biaya, round(avg(produk), 4) AS nrr_produk,
    round(avg(kompetensi), 4) AS nrr_kompetensi, round(avg(perilaku), 4) AS nrr_perilaku,
    round(avg(pengaduan), 4) AS nrr_pengaduan, round(avg(sarana), 4) AS nrr_sarana,
    ikm_dari_nrr([avg(persyaratan), avg(prosedur), avg(waktu), avg(biaya), avg(produk), avg(kompetensi), avg(perilaku), avg(pengaduan), avg(sarana)]) AS ikm,
    stddev_samp(skor_responden) AS sd
  FROM r GROUP BY periode, kode_unit
)
SELECT a.periode, a.kode_unit, a.kode_opd, a.jumlah_responden,
  a.nrr_persyaratan, a.nrr_prosedur, a.nrr_waktu, a.nrr_biaya, a.nrr_produk,
  a.nrr_kompetensi, a.nrr_perilaku, a.nrr_pengaduan, a.nrr_sarana,
  a.ikm, ikm_mutu(a.ikm) AS mutu, ikm_kinerja_unit(ikm_mutu(a.ikm)) AS kinerja_unit,
  round(a.sd, 2) AS sd_responden,
  ikm_batas(a.ikm, a.sd, a.jumlah_responden, -1) AS ikm_bawah,
  ikm_batas(a.ikm, a.sd, a.jumlah_responden, 1) AS ikm_atas,
  v.jumlah_layanan,
  sampel_minimum(v.jumlah_layanan) AS sampel_minimum,
  CASE WHEN v.jumlah_layanan IS NULL THEN NULL ELSE a.jumlah_responden >= sampel_minimum(v.jumlah_layanan) END AS sampel_memadai
FROM agg a
LEFT JOIN core.layanan_volume v ON v.periode = a.periode AND v.kode_unit = a.kode_unit
ORDER BY a.periode, a.kode_unit
