-- selfcare: keys of the partner API (/api/v1/). A key is made by a
-- company's full administrator (kind company: that company, the areas
-- chosen) or by the operator's staff (kind reseller: the companies it is
-- given; kind mediation: usage import only). Its secret is shown once and
-- kept only as a keyed hash; the prefix, shown in lists and logs, finds
-- the row. Rotation makes a new key of the same scope and lets the old one
-- live on for the overlap (two live keys); revoking ends it at once.
CREATE TABLE api_keys (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          ENUM('company','reseller','mediation') NOT NULL,
  -- the company whose administrator made it (NULL: the operator's)
  company_id    BIGINT UNSIGNED NULL,
  name          VARCHAR(100) NOT NULL,
  prefix        CHAR(12) NOT NULL,
  secret_hash   BINARY(32) NOT NULL,
  -- the portal's areas the key reads, as memberships.areas names them
  areas         VARCHAR(200) NOT NULL DEFAULT '',
  created_by    BIGINT UNSIGNED NULL,
  created_by_staff BIGINT UNSIGNED NULL,
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at    DATETIME NULL,
  revoked_at    DATETIME NULL,
  -- the key this one was rotated from
  rotated_from  BIGINT UNSIGNED NULL,
  last_used_at  DATETIME NULL,
  last_used_ip  VARCHAR(45) NULL,
  UNIQUE KEY api_keys_prefix (prefix),
  KEY api_keys_company (company_id, id),
  CONSTRAINT api_keys_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT api_keys_user FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT api_keys_staff FOREIGN KEY (created_by_staff) REFERENCES staff (id) ON DELETE SET NULL,
  CONSTRAINT api_keys_rotated FOREIGN KEY (rotated_from) REFERENCES api_keys (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The companies a key sees: its own for a company key, those it serves
-- for a reseller's. Every read of the API joins this table.
CREATE TABLE api_key_companies (
  key_id      BIGINT UNSIGNED NOT NULL,
  company_id  BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (key_id, company_id),
  KEY api_key_companies_company (company_id),
  CONSTRAINT api_key_companies_key FOREIGN KEY (key_id) REFERENCES api_keys (id) ON DELETE CASCADE,
  CONSTRAINT api_key_companies_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Requests of a key per minute, for its rate limit (every worker counts
-- in the same row).
CREATE TABLE api_rate (
  key_id      BIGINT UNSIGNED NOT NULL,
  minute      DATETIME NOT NULL,
  hits        INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (key_id, minute),
  CONSTRAINT api_rate_key FOREIGN KEY (key_id) REFERENCES api_keys (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
