-- One row per SP4N-LAPOR! ticket (the latest load wins), with first-response and completion times
-- in working days against the standard of its class.
WITH latest AS (
  SELECT * FROM raw.pengaduan
  QUALIFY row_number() OVER (PARTITION BY nomor_tiket ORDER BY _load_id DESC, _row DESC) = 1
)
SELECT t.nomor_tiket, t.kode_opd, t.klasifikasi, t.status, t.kode_kecamatan,
  t.tanggal_masuk, t.tanggal_tindak_lanjut, t.tanggal_selesai,
  k.batas_tanggapan_hari_kerja, k.batas_selesai_hari_kerja,
  kr.urutan_hari_kerja - km.urutan_hari_kerja AS hari_tanggapan,
  CASE WHEN t.status = 'selesai' THEN ks.urutan_hari_kerja - km.urutan_hari_kerja END AS hari_selesai,
  coalesce(kr.urutan_hari_kerja - km.urutan_hari_kerja <= k.batas_tanggapan_hari_kerja, false) AS tanggapan_tepat_waktu,
  coalesce(t.status = 'selesai' AND ks.urutan_hari_kerja - km.urutan_hari_kerja <= k.batas_selesai_hari_kerja, false) AS selesai_tepat_waktu,
  t._load_id
FROM latest t
JOIN ref.klasifikasi_pengaduan k USING (klasifikasi)
JOIN core.kalender km ON km.tanggal = t.tanggal_masuk
LEFT JOIN core.kalender kr ON kr.tanggal = t.tanggal_tindak_lanjut
LEFT JOIN core.kalender ks ON ks.tanggal = t.tanggal_selesai
