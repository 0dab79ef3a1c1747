-- Service quality by kecamatan, per year, semester and quarter. A service unit's kecamatan comes from
-- data/reference/unit_layanan.csv; permits and complaints carry their own kode_kecamatan in the
-- export. IKM of a kecamatan = respondent-weighted mean of its units' IKM (sum of n x IKM / sum of n),
-- for the years and semesters of mart.ikm_unit. Permits: applications received in the period, and the
-- share of the permits issued in the period that met their SLA (as mart.izin_sla). Complaints: tickets
-- received in the period and the share of them completed within their standard (as
-- mart.pengaduan_opd). Every kecamatan appears in every period; permits and complaints without a
-- kecamatan get one row with kode_kecamatan NULL ("Tanpa kecamatan"), so nothing is lost.
-- Signals: the kecamatan's units below the funnel limits of the IKM funnel plot (alarm = below the
-- 99,8% limit, waspada = below the 95% limit only), counting only units without a small sample.
WITH periode AS (
  SELECT periode, awal, akhir FROM core.periode
  UNION ALL
  SELECT y || '-S' || s, make_date(y, 6 * s - 5, 1), CAST(make_date(y, 6 * s - 5, 1) + INTERVAL 6 MONTH - INTERVAL 1 DAY AS DATE)
  FROM range(2015, 2036) t(y) CROSS JOIN range(1, 3) u(s)
), kec AS (
  SELECT kode AS kode_kecamatan, nama AS nama_kecamatan FROM ref.wilayah WHERE tingkat = 'kecamatan'
), ikm AS (
  SELECT i.periode, u.kode_kecamatan, count(*) AS jumlah_unit, sum(i.jumlah_responden) AS jumlah_responden,
    round(sum(i.ikm * i.jumlah_responden) / sum(i.jumlah_responden), 2) AS ikm
  FROM mart.ikm_unit i JOIN ref.unit_layanan u USING (kode_unit)
  GROUP BY ALL
), sinyal AS (
  SELECT f.periode, u.kode_kecamatan,
    count(*) FILTER (WHERE f.sinyal = 'alarm_rendah' AND NOT f.sampel_kecil) AS unit_alarm,
    count(*) FILTER (WHERE f.sinyal = 'waspada_rendah' AND NOT f.sampel_kecil) AS unit_waspada
  FROM mart.ikm_funnel f JOIN ref.unit_layanan u USING (kode_unit)
  GROUP BY ALL
), izin AS (
  SELECT p.periode, a.kode_kecamatan,
    count(*) FILTER (WHERE a.tanggal_masuk BETWEEN p.awal AND p.akhir) AS izin_masuk,
    count(*) FILTER (WHERE a.status = 'terbit' AND a.tanggal_terbit BETWEEN p.awal AND p.akhir) AS izin_terbit,
    count(*) FILTER (WHERE a.status = 'terbit' AND a.tanggal_terbit BETWEEN p.awal AND p.akhir AND a.tepat_waktu) AS izin_tepat_waktu
  FROM core.izin_permohonan a
  JOIN periode p ON a.tanggal_masuk BETWEEN p.awal AND p.akhir OR a.tanggal_terbit BETWEEN p.awal AND p.akhir
  GROUP BY ALL
), aduan AS (
  SELECT p.periode, t.kode_kecamatan, count(*) AS aduan_masuk,
    count(*) FILTER (WHERE t.selesai_tepat_waktu) AS aduan_selesai_tepat_waktu
  FROM core.pengaduan_tiket t JOIN periode p ON t.tanggal_masuk BETWEEN p.awal AND p.akhir
  GROUP BY ALL
), kunci AS (
  SELECT periode, kode_kecamatan FROM ikm
  UNION SELECT periode, kode_kecamatan FROM izin
  UNION SELECT periode, kode_kecamatan FROM aduan
), grid AS (
  SELECT DISTINCT k.periode, w.kode_kecamatan FROM kunci k CROSS JOIN kec w
  UNION
  SELECT periode, kode_kecamatan FROM kunci WHERE kode_kecamatan IS NULL
)
SELECT g.periode, g.kode_kecamatan, coalesce(w.nama_kecamatan, 'Tanpa kecamatan') AS nama_kecamatan,
  coalesce(i.jumlah_unit, 0) AS jumlah_unit,
  coalesce(i.jumlah_responden, 0) AS jumlah_responden,
  i.ikm, ikm_mutu(i.ikm) AS mutu,
  CASE WHEN i.ikm IS NOT NULL THEN coalesce(s.unit_alarm, 0) END AS unit_alarm,
  CASE WHEN i.ikm IS NOT NULL THEN coalesce(s.unit_waspada, 0) END AS unit_waspada,
  coalesce(z.izin_masuk, 0) AS izin_masuk,
  coalesce(z.izin_terbit, 0) AS izin_terbit,
  round(100.0 * z.izin_tepat_waktu / nullif(z.izin_terbit, 0), 1) AS persen_izin_tepat_waktu,
  coalesce(a.aduan_masuk, 0) AS aduan_masuk,
  round(100.0 * a.aduan_selesai_tepat_waktu / nullif(a.aduan_masuk, 0), 1) AS persen_aduan_selesai_tepat_waktu
FROM grid g
LEFT JOIN kec w ON w.kode_kecamatan = g.kode_kecamatan
LEFT JOIN ikm i ON i.periode = g.periode AND i.kode_kecamatan IS NOT DISTINCT FROM g.kode_kecamatan
LEFT JOIN sinyal s ON s.periode = g.periode AND s.kode_kecamatan IS NOT DISTINCT FROM g.kode_kecamatan
LEFT JOIN izin z ON z.periode = g.periode AND z.kode_kecamatan IS NOT DISTINCT FROM g.kode_kecamatan
LEFT JOIN aduan a ON a.periode = g.periode AND a.kode_kecamatan IS NOT DISTINCT FROM g.kode_kecamatan
ORDER BY g.periode, g.kode_kecamatan NULLS LAST
