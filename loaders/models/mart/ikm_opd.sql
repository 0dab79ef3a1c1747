-- IKM per OPD over the respondents of all its service units (pooled), per year and semester.
WITH r AS (
  SELECT semester AS periode, * EXCLUDE (semester) FROM core.skm_respon
  UNION ALL
  SELECT CAST(tahun AS VARCHAR) AS periode, * EXCLUDE (semester) FROM core.skm_respon
)
SELECT periode, kode_opd, count(DISTINCT kode_unit) AS jumlah_unit, count(*) AS jumlah_responden,
  ikm_dari_nrr([avg(persyaratan), avg(prosedur), avg(waktu), avg(biaya), avg(produk), avg(kompetensi), avg(perilaku), avg(pengaduan), avg(sarana)]) AS ikm,
  ikm_mutu(ikm_dari_nrr([avg(persyaratan), avg(prosedur), avg(waktu), avg(biaya), avg(produk), avg(kompetensi), avg(perilaku), avg(pengaduan), avg(sarana)])) AS mutu
FROM r GROUP BY periode, kode_opd
ORDER BY periode, kode_opd
