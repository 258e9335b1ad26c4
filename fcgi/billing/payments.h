/*
 * Payments from bank files (`selfcare import-payments FILE`): an ISO 20022
 * camt.054.001.02 notification or a Nets OCR giro file, told apart by
 * their content. The file is read and checked whole first; one that is
 * neither, or breaks its format's rules, imports nothing. Then each credit
 * is matched to an invoice by its KID and registered the way `pay`
 * registers a payment (billing.c), one transaction per payment; a credit
 * that pays no invoice (no KID, an invalid or unknown one, a credited
 * invoice's, another currency, more than what remains, a reversal) is kept
 * in unmatched_payments with the reason, for the back office. The bank's
 * own reference of every transaction, matched or not, is recorded under a
 * unique key, so a file imported twice pays nothing twice.
 *
 * The OCR giro file (Nets' "OCR giro systemspesifikasjon") is records of
 * 80 characters, each starting "NY", a service code (00 for the
 * transmission, 09 OCR giro), a type and the record type:
 *   10 transmission start (forsendelse start)
 *     20 assignment start (oppdrag start), per receiving account
 *       30 amount item 1 (beløpspost 1): transaction number, settlement
 *          date (oppgjørsdato, DDMMYY), sign, amount in øre, KID
 *       31 amount item 2 (beløpspost 2): archive reference
 *       32 amount item 3 (beløpspost 3, free text; optional)
 *     88 assignment end (oppdrag slutt): transactions, records, sum
 *   89 transmission end (forsendelse slutt): the same for the file
 * The counts and sums of 88 and 89 are checked against the records.
 */
#ifndef SELFCARE_PAYMENTS_H
#define SELFCARE_PAYMENTS_H

#include <stddef.h>
#include <stdio.h>

#include "billing/billing.h"	/* struct payment */

struct conf;
struct db;

#define PAY_MAX_FILE	(16 * 1024 * 1024)	/* the largest bank file read */
#define PAY_MAX_AMOUNT	999999999999LL		/* øre: what DECIMAL(12,2) holds */

enum bank_format {
	BANK_CAMT054,
	BANK_OCR
};

/* One transaction of a bank file. */
struct bank_txn {
	char		 ref[288];	/* the bank's reference: unique per format */
	char		 kid[144];	/* the creditor reference as given ("": none) */
	char		 payer[564];	/* the payer's name, 140 characters ("": none) */
	long long	 amount;	/* øre, >= 0 */
	char		 currency[4];
	char		 date[11];	/* the day it was paid: value or settlement date */
	int		 reversal;	/* the bank takes a payment back */
	const char	*skip;		/* not a payment, and why (NULL: it is one) */
	int		 line;		/* where it is in the file */
};

struct bank_file {
	enum bank_format format;
	struct bank_txn	*txn;
	size_t		 n;
};

void		 bank_file_free(struct bank_file *);

/* The KID rules: 2 to 25 digits, the last a MOD10 (Luhn) check digit. */
enum kid_check {
	KID_OK,
	KID_NONE,		/* empty */
	KID_INVALID
};
enum kid_check	 pay_kid_check(const char *);

enum ocr_record_type {
	OCR_TRANSMISSION_START = 10,
	OCR_ASSIGNMENT_START = 20,
	OCR_AMOUNT_1 = 30,
	OCR_AMOUNT_2 = 31,
	OCR_AMOUNT_3 = 32,
	OCR_ASSIGNMENT_END = 88,
	OCR_TRANSMISSION_END = 89
};

/* One OCR record, as far as it is read; 0 where a record has no such field. */
struct ocr_record {
	int		 type;		/* enum ocr_record_type */
	int		 service;	/* tjenestekode */
	int		 kind;		/* transaksjonstype (30-32); 0 elsewhere */
	long long	 number;	/* transaksjonsnummer (30-32) */
	char		 date[11];	/* oppgjørsdato (30) as YYYY-MM-DD */
	int		 negative;	/* fortegn '-' (30) */
	long long	 amount;	/* øre (30); the sum (88, 89) */
	char		 kid[26];	/* (30), blanks trimmed */
	char		 archive[10];	/* arkivreferanse (31), blanks trimmed */
	long long	 count;		/* transactions (88, 89) */
	long long	 records;	/* records (88, 89) */
};

/* One record without its line end: 0, or -1 with why (columns as in
 * Nets' specification, counted from 1). */
int		 ocr_record_parse(const char *, size_t, struct ocr_record *,
		    char *why, size_t);

/*
 * A whole file into f (freed by bank_file_free, also after an error): 0,
 * -1 when the file is not what it should be (why: "line N: ..."), -2 when
 * the camt.054 schema xsd cannot be used. bank_parse tells the formats
 * apart by content: XML is a camt.054, records starting "NY" an OCR giro
 * file. XML is read as untrusted (core/xmlsafe.h: no DTD, no entities, no
 * network, bounded depth) and validated against xsd before it is read.
 */
int		 ocr_parse(const char *, size_t, struct bank_file *, char *why, size_t);
int		 camt_parse(const char *, size_t, const char *xsd, struct bank_file *,
		    char *why, size_t);
int		 bank_parse(const char *, size_t, const char *xsd, struct bank_file *,
		    char *why, size_t);

/* What became of one transaction of a file imported. */
enum bank_outcome {
	BANK_PAID,
	BANK_UNMATCHED,		/* kept in unmatched_payments */
	BANK_BEFORE,		/* imported already: nothing done */
	BANK_SKIPPED		/* not a payment (t->skip) */
};

struct bank_line {
	const struct bank_txn	*t;
	enum bank_outcome	 outcome;
	const char		*reason;	/* unmatched: unmatched_payments.reason */
	const char		*reason_text;	/* the same in words, for the command */
	int			 rest;		/* unmatched: what remains is worth saying */
	char			 before[128];	/* imported before: as what */
	long long		 txn_id;	/* bank_transactions.id (0: before, skipped) */
	struct payment		 pay;		/* paid: the payment and its invoice */
};

struct bank_import {
	struct bank_file	 file;
	const char		*format;	/* "camt.054", "OCR giro" */
	struct bank_line	*line;		/* one per transaction done */
	size_t			 n;
	size_t			 paid, unmatched, before, skipped;
};

/*
 * Imports a file (data[0..len), its name as the database keeps it): read
 * whole and checked, then each transaction in a transaction of its own.
 * each (NULL: none) runs inside that transaction after a transaction was
 * paid or kept unmatched, to add what the caller keeps of it (the back
 * office's audit row); a db_rc. 0 done; BANK_REFUSED when the file is
 * neither format or breaks its rules, BANK_NO_SCHEMA when xsd cannot be
 * used (both: why says so, nothing imported); <0 the db_rc that stopped
 * it (what is in im->line stays imported, why names where it stopped).
 * im is freed by bank_import_free, also after an error.
 */
#define BANK_REFUSED	1
#define BANK_NO_SCHEMA	2
typedef int	(*bank_hook)(void *arg, const struct bank_line *);
int		 bank_import(struct db *, const char *xsd, const char *data, size_t len,
		    const char *name, bank_hook each, void *arg, struct bank_import *im,
		    char *why, size_t wlen);
void		 bank_import_free(struct bank_import *);
/*
 * One credit from elsewhere than a file (l->t; the partner API's POST
 * payment), inside the caller's transaction, recorded and matched as an
 * imported one is: source a bank_transactions.source, file its file_name.
 * l says what became of it (BANK_BEFORE: the reference was recorded
 * already, nothing done). A db_rc.
 */
int		 bank_register(struct db *, const char *source, const char *file,
		    struct bank_line *l);
/* The camt.054 schema the installation keeps (out: at least 1100 bytes). */
void		 bank_xsd(const struct conf *, char *out, size_t);

/*
 * The command: one line per transaction on out (the invoice and its new
 * status, or why it is unmatched, skipped or was imported before) and a
 * summary. 0, or the exit status after saying why on err: EX_NOINPUT when
 * the file cannot be read, EX_DATAERR when it is neither format or breaks
 * its rules (nothing imported), EX_TEMPFAIL or EX_SOFTWARE when the
 * database failed (what was imported stays; run it again).
 */
int		 payments_import(struct db *, const struct conf *, const char *path,
		    FILE *out, FILE *err);

#endif
