-- Permit processing per year and quarter, permit type and OPD: applications received, decisions,
-- working-day processing times against the SLA, and the backlog still open at the period's end
-- (with its median age in working days).
WITH bounds AS (SELECT min(tanggal_masuk) AS lo, max(greatest(tanggal_masuk, coalesce(tanggal_terbit, tanggal_masuk))) AS hi FROM core.izin_permohonan),
p AS (SELECT p.* FROM core.periode p, bounds b WHERE p.akhir >= b.lo AND p.awal <= b.hi),
types AS (SELECT DISTINCT kode_izin, jenis_izin, kode_opd FROM core.izin_permohonan),
grid AS (SELECT p.periode, p.awal, p.akhir, t.* FROM p CROSS JOIN types t),
agg AS (
  SELECT g.periode, g.kode_opd, g.kode_izin, g.jenis_izin,
    count(*) FILTER (WHERE a.tanggal_masuk BETWEEN g.awal AND g.akhir) AS jumlah,
    count(*) FILTER (WHERE a.status = 'terbit' AND a.tanggal_terbit BETWEEN g.awal AND g.akhir) AS selesai,
    count(*) FILTER (WHERE a.status = 'ditolak' AND a.tanggal_terbit BETWEEN g.awal AND g.akhir) AS ditolak,
    quantile_cont(a.hari_kerja, 0.5) FILTER (WHERE a.status = 'terbit' AND a.tanggal_terbit BETWEEN g.awal AND g.akhir) AS median_hari_kerja,
    quantile_cont(a.hari_kerja, 0.9) FILTER (WHERE a.status = 'terbit' AND a.tanggal_terbit BETWEEN g.awal AND g.akhir) AS p90_hari_kerja,
    count(*) FILTER (WHERE a.status = 'terbit' AND a.tanggal_terbit BETWEEN g.awal AND g.akhir AND a.tepat_waktu) AS tepat_waktu,
    count(*) FILTER (WHERE a.tanggal_masuk <= g.akhir AND a.status <> 'dicabut'
                       AND (a.tanggal_terbit IS NULL OR a.tanggal_terbit > g.akhir)) AS backlog
  FROM grid g
  JOIN core.izin_permohonan a ON a.kode_izin = g.kode_izin AND a.tanggal_masuk <= g.akhir
  GROUP BY ALL
)
SELECT periode, kode_opd, kode_izin, jenis_izin, jumlah, selesai, ditolak,
  median_hari_kerja, p90_hari_kerja,
  round(100.0 * tepat_waktu / nullif(selesai, 0), 1) AS persen_tepat_waktu,
  backlog
FROM agg
WHERE jumlah > 0 OR selesai > 0 OR ditolak > 0 OR backlog > 0
ORDER BY periode, kode_opd, kode_izin
