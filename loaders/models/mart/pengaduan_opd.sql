-- SP4N-LAPOR! handling per year and quarter and OPD, for the complaints received in the period:
-- share answered within the first-response standard, share completed within the standard of their
-- class, median working days to completion, and how many are still open.
SELECT p.periode, t.kode_opd,
  count(*) AS jumlah,
  round(100.0 * count(*) FILTER (WHERE t.tanggapan_tepat_waktu) / count(*), 1) AS persen_tanggapan_3_hari,
  round(100.0 * count(*) FILTER (WHERE t.selesai_tepat_waktu) / count(*), 1) AS persen_selesai_tepat_waktu,
  quantile_cont(t.hari_selesai, 0.5) AS median_hari_selesai,
  count(*) FILTER (WHERE t.status = 'selesai') AS selesai,
  count(*) FILTER (WHERE t.status = 'proses') AS belum_selesai
FROM core.pengaduan_tiket t
JOIN core.periode p ON t.tanggal_masuk BETWEEN p.awal AND p.akhir
GROUP BY p.periode, t.kode_opd
ORDER BY p.periode, t.kode_opd
