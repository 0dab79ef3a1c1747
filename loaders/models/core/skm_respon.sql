-- One row per survey respondent, conformed: unit, OPD, kecamatan, periods, respondent score.
SELECT
  s._load_id, s._row, s.tanggal,
  year(s.tanggal) AS tahun,
  periode_semester(s.tanggal) AS semester,
  s.kode_unit, u.kode_opd, u.kode_kecamatan,
  s.persyaratan, s.prosedur, s.waktu, s.biaya, s.produk, s.kompetensi, s.perilaku, s.pengaduan, s.sarana,
  -- respondent score r = 25 x mean of the answers given (METHODS §1)
  25 * list_avg(list_filter([s.persyaratan, s.prosedur, s.waktu, s.biaya, s.produk, s.kompetensi, s.perilaku, s.pengaduan, s.sarana], x -> x IS NOT NULL)) AS skor_responden
FROM raw.skm s
JOIN ref.unit_layanan u USING (kode_unit)
