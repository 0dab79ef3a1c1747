-- Working-day calendar: weekends and the holidays of data/reference/hari_libur.csv are not working
-- days. urutan_hari_kerja counts working days up to and including the date, so the working days
-- elapsed after day a up to day b are urutan(b) - urutan(a) (same day = 0; Friday -> Monday = 1).
WITH d AS (
  SELECT CAST(t.tanggal AS DATE) AS tanggal
  FROM range(DATE '2015-01-01', DATE '2036-01-01', INTERVAL 1 DAY) t(tanggal)
), k AS (
  SELECT tanggal,
    isodow(tanggal) < 6 AND tanggal NOT IN (SELECT tanggal FROM ref.hari_libur) AS hari_kerja
  FROM d
)
SELECT tanggal, hari_kerja,
  CAST(sum(CASE WHEN hari_kerja THEN 1 ELSE 0 END) OVER (ORDER BY tanggal) AS INTEGER) AS urutan_hari_kerja
FROM k
ORDER BY tanggal
