-- Distribution of ASN predikat per OPD and evaluation period (counts; the site suppresses < 5).
SELECT periode, kode_opd,
  count(*) AS jumlah_pegawai,
  count(*) FILTER (WHERE predikat = 'Sangat Baik') AS sangat_baik,
  count(*) FILTER (WHERE predikat = 'Baik') AS baik,
  count(*) FILTER (WHERE predikat = 'Butuh Perbaikan') AS butuh_perbaikan,
  count(*) FILTER (WHERE predikat = 'Kurang') AS kurang,
  count(*) FILTER (WHERE predikat = 'Sangat Kurang') AS sangat_kurang,
  count(*) FILTER (WHERE predikat_tidak_konsisten) AS predikat_tidak_konsisten
FROM core.skp_penilaian
GROUP BY periode, kode_opd
ORDER BY periode, kode_opd
