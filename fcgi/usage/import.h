/*
 * `selfcare import-usage FILE`: the mediation system's usage records, a
 * CSV or an XML batch (schema/xsd/usage-batch.xsd), streamed, in batches
 * of multi-row inserts, each batch one transaction that also adds its new
 * records to the daily aggregates. A record id imported before adds
 * nothing, so a file imported twice adds nothing.
 */
#ifndef SELFCARE_USAGE_IMPORT_H
#define SELFCARE_USAGE_IMPORT_H

#include <stdio.h>

struct conf;
struct db;

/*
 * Each refused line on err as "FILE:LINE: reason", a summary on out.
 * 0: every record imported or known; 1: some lines refused (the rest
 * imported); EX_NOINPUT: cannot read the file; EX_DATAERR: not a usage
 * file (a wrong header or root, a DOCTYPE, XML that breaks off: what came
 * before is imported); EX_TEMPFAIL: the database went away (run it again);
 * EX_SOFTWARE: a database error. After each batch the usage alerts of
 * its subscriptions and their auto top-ups (usage/alerts.h); the strings
 * must be loaded (i18n_load).
 */
int	 usage_import(struct db *, const struct conf *, const char *path, FILE *out,
	    FILE *err);

/* A record's outcome: added, its id imported before, or refused (why). */
enum usage_outcome { USAGE_ADDED, USAGE_KNOWN, USAGE_REFUSED };
/* pos: the record's place in the batch (1-based); record: its id, NULL
 * when it has none that can be shown. */
typedef void (*usage_result_fn)(void *arg, long pos, long line, const char *record,
    enum usage_outcome, const char *why);

struct usage_counts {
	long long	 records, added, known, refused;
};

/* usage_import_buffer's answer when buf is not a usage batch (a db_rc
 * otherwise, all negative). */
#define USAGE_NOT_A_BATCH	1

/*
 * An XML batch in memory (the partner API's), imported as a file is, named
 * name in usage_imports: each record's outcome to result as it is known
 * (refused ones at once, the others after their batch), the counts in n.
 * DB_OK, USAGE_NOT_A_BATCH (what came before is imported) or a db_rc.
 */
int	 usage_import_buffer(struct db *, const struct conf *, const char *name,
	    const char *buf, size_t len, usage_result_fn result, void *arg,
	    struct usage_counts *n);

/*
 * The demo's usage (after schema/demo/demo.sql): Internett MBE's
 * TSN-75606716 has used 20.48 GB of this period on whatever day it runs,
 * spread over the days so far, and twelve periods before it some use.
 */
int	 usage_demo(struct db *, FILE *err);

/* A CSV line's six fields (record_id, subscription, type, start, amount,
 * unit) split in place at commas: 0, or what is wrong with it. */
const char *usage_csv_split(char *line, char *f[6]);

#endif
