-- One row per permit application (the latest load wins), with its SLA and its processing time in
-- working days from receipt to decision.
WITH latest AS (
  SELECT * FROM raw.izin
  QUALIFY row_number() OVER (PARTITION BY no_permohonan ORDER BY _load_id DESC, _row DESC) = 1
)
SELECT a.no_permohonan, a.kode_izin, j.jenis_izin, j.kode_opd, j.sla_hari_kerja,
  a.tanggal_masuk, a.tanggal_terbit, a.status, a.kode_kecamatan,
  CASE WHEN a.tanggal_terbit IS NOT NULL THEN kt.urutan_hari_kerja - km.urutan_hari_kerja END AS hari_kerja,
  CASE WHEN a.status = 'terbit' THEN kt.urutan_hari_kerja - km.urutan_hari_kerja <= j.sla_hari_kerja END AS tepat_waktu,
  a._load_id
FROM latest a
JOIN ref.jenis_izin j ON j.kode_izin = a.kode_izin
JOIN core.kalender km ON km.tanggal = a.tanggal_masuk
LEFT JOIN core.kalender kt ON kt.tanggal = a.tanggal_terbit
