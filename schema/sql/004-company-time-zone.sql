-- selfcare: each company's time zone (a name of the tz database). Times are
-- stored in UTC (the connection's time_zone is '+00:00'); pages show them in
-- the zone of the company they belong to (fcgi/tz.c). The default follows
-- the country, for the companies there are and for new ones.
ALTER TABLE companies
  ADD time_zone VARCHAR(64) NOT NULL DEFAULT (CASE country
    WHEN 'NO' THEN 'Europe/Oslo'
    WHEN 'DK' THEN 'Europe/Copenhagen'
    WHEN 'SE' THEN 'Europe/Stockholm'
    WHEN 'FI' THEN 'Europe/Helsinki'
    ELSE 'UTC' END) AFTER country;
