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
