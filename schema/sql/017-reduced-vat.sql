-- selfcare: the issuer's reduced VAT rate, for the catalogue's products of
-- VAT class 'reduced' (migration 014). Telecom services have none in the
-- issuers' countries, so it is NULL unless the operator sets it; the
-- billing run refuses to bill a reduced-class line of an issuer without
-- one (with a warning) rather than guess a rate. A standard-class line is
-- billed at its account's rate, an exempt one at 0 %.
ALTER TABLE issuers
  ADD COLUMN reduced_vat_rate DECIMAL(5,2) NULL
    CHECK (reduced_vat_rate >= 0 AND reduced_vat_rate < 100);
