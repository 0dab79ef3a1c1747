-- Every year and quarter from 2015 to 2035 with its first and last day, for period-end measures
-- such as a backlog.
SELECT CAST(y AS VARCHAR) AS periode, 'tahun' AS jenis, make_date(y, 1, 1) AS awal, make_date(y, 12, 31) AS akhir
FROM range(2015, 2036) t(y)
UNION ALL
SELECT y || '-Q' || q, 'triwulan', make_date(y, 3 * q - 2, 1), CAST(make_date(y, 3 * q - 2, 1) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)
FROM range(2015, 2036) t(y) CROSS JOIN range(1, 5) u(q)
