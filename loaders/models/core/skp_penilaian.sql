-- One row per employee (pseudonym) per evaluation period. The official predikat is the export's
-- when present, else the matrix's; a contradiction between the two is kept as a finding.
SELECT
  periode,
  periode_tahun(periode) AS tahun,
  periode_jenis(periode) AS jenis_periode,
  nip AS pegawai,
  jenis_asn, kode_opd, hasil_kerja, perilaku_kerja,
  predikat AS predikat_ekspor,
  skp_predikat_matriks(hasil_kerja, perilaku_kerja) AS predikat_matriks,
  coalesce(predikat, skp_predikat_matriks(hasil_kerja, perilaku_kerja)) AS predikat,
  predikat IS NOT NULL AND predikat <> skp_predikat_matriks(hasil_kerja, perilaku_kerja) AS predikat_tidak_konsisten,
  _load_id
FROM raw.skp
