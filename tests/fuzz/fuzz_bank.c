/*
 * Bank files: bank_parse (a camt.054 notification, validated against the
 * shipped schema, or an OCR giro file) must never crash, and what it
 * accepts must be what the database takes: every transaction with a
 * reference (unless skipped), a day that is a date, a currency of three
 * letters, an amount of whole øre within DECIMAL(12,2), text that is UTF-8.
 * What it refuses says why. The schema is the source tree's (FUZZ_XSD).
 */
#include "config.h"

#include <libxml/parser.h>

#include "billing/billing.h"
#include "billing/payments.h"
#include "core/util.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = fuzz_memdup(data, size), why[600] = "";
	struct bank_file f = { 0 };
	size_t i;
	int rc;

	rc = bank_parse(copy, size, FUZZ_XSD, &f, why, sizeof(why));
	CHECK(rc == 0 || rc == -1);	/* -2: the schema itself failed */
	if (rc == -1)
		CHECK(why[0] != '\0');
	for (i = 0; rc == 0 && i < f.n; i++) {
		const struct bank_txn *t = &f.txn[i];
		long days;

		CHECK(t->skip != NULL || t->ref[0] != '\0');
		CHECK(utf8_valid(t->ref, strlen(t->ref)) && utf8_valid(t->kid, strlen(t->kid)));
		CHECK(bill_date_days(t->date, &days) == 0);
		CHECK(strlen(t->currency) == 3);
		CHECK(t->amount >= 0 && t->amount <= PAY_MAX_AMOUNT);
		CHECK(t->line >= 1);
	}
	bank_file_free(&f);
	free(copy);
	return 0;
}
