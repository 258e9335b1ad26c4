/*
 * Importing usage records; see import.h. A batch is BATCH records bound
 * as arrays (one round trip), INSERT IGNORE so that a record id known
 * already is skipped by its unique key; in the same transaction the rows
 * this import added since its last batch are summed into usage_daily.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include <libxml/xmlreader.h>

#include "core/db.h"
#include "core/module.h"
#include "core/tz.h"
#include "core/util.h"
#include "core/xmlsafe.h"
#include "usage/alerts.h"
#include "usage/import.h"
#include "usage/usage.h"

#define BATCH		20000
#define LINE_MAX_LEN	1024
#define RECORD_ID_MAX	64
#define REF_MAX		40
#define BATCH_NS	"urn:selfcare:usage-batch:1"
#define ATTRS_MAX	8
#define ZONE_DAYS	64		/* UTC days a zone remembers (a power of two) */
#define ZONE_VARIES	(-100000L)	/* beyond any offset (14 h): none all day */
#define DAY_S		86400

enum { SUBREF_ID, SUBREF_COMPANY, SUBREF_ZONE, SUBREF__COLS };
enum { MARK_ID, MARK__COLS };
enum { ADDED_RECORD, ADDED__COLS };
enum { Q_IMPORT_NEW, Q_IMPORT_DONE, Q_SUB_BY_REF, Q_RECORDS, Q_AGGREGATE, Q_MARK,
	Q_ADDED, Q_START };
static struct stmt stmts[] = {
	[Q_IMPORT_NEW] = STMT("usageimport.import_new", "s", 0,
	    "INSERT INTO usage_imports (file_name) VALUES (?)"),
	[Q_IMPORT_DONE] = STMT("usageimport.import_done", "iiii", 0,
	    "UPDATE usage_imports SET records = ?, duplicates = ?, refused = ?,"
	    " finished_at = UTC_TIMESTAMP() WHERE id = ?"),
	[Q_SUB_BY_REF] = STMT("usageimport.subscription_by_ref", "s", SUBREF__COLS,
	    "SELECT s.id, s.company_id, c.time_zone FROM subscriptions s"
	    " JOIN companies c ON c.id = s.company_id WHERE s.ref = ?"),
	[Q_RECORDS] = STMT("usageimport.records", "siisssii", 0,
	    "INSERT IGNORE INTO usage_records (record_id, subscription_id, company_id,"
	    " usage_type, started_at, day, amount, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
	[Q_AGGREGATE] = STMT("usageimport.aggregate", "ii", 0,
	    "INSERT INTO usage_daily (subscription_id, usage_type, day, company_id, amount,"
	    " records)"
	    " SELECT subscription_id, usage_type, day, company_id, SUM(amount), COUNT(*)"
	    " FROM usage_records WHERE id > ? AND import_id = ?"
	    " GROUP BY subscription_id, usage_type, day, company_id"
	    " ON DUPLICATE KEY UPDATE amount = usage_daily.amount + VALUES(amount),"
	    " records = usage_daily.records + VALUES(records)"),
	[Q_MARK] = STMT("usageimport.mark", "iii", MARK__COLS,
	    "SELECT COALESCE(MAX(id), ?) FROM usage_records WHERE id > ? AND import_id = ?"),
	/* The record ids a batch added, when each record's outcome is asked for. */
	[Q_ADDED] = STMT("usageimport.added", "ii", ADDED__COLS,
	    "SELECT record_id FROM usage_records WHERE id > ? AND import_id = ?"
	    " ORDER BY id"),
	/* Where this import's rows will begin: ids only grow, so its first
	 * batch reads from here, not the whole table. */
	[Q_START] = STMT("usageimport.start", "", MARK__COLS,
	    "SELECT COALESCE(MAX(id), 0) FROM usage_records"),
};

/* A subscription by its reference, as the file names it (id 0: none). */
struct subref {
	char		 ref[REF_MAX + 1];
	long long	 id, company;
	char		 zone[TZ_NAME_MAX + 1];
	size_t		 z;		/* its zone in imp's zones */
};

/*
 * A zone's offset for each UTC day met, so that a record's local day is
 * arithmetic, not a switch of the process's zone (tzset reads the zone's
 * file) for each record of a company other than the last one's.
 */
struct zone {
	char		 name[TZ_NAME_MAX + 1];
	long long	 day[ZONE_DAYS];	/* the UTC day + 1 (0: none yet) */
	long		 off[ZONE_DAYS];	/* seconds, or ZONE_VARIES */
};

struct imp {
	struct db	*db;
	FILE		*err;
	const char	*name;		/* the file, for messages */
	const struct conf *conf;	/* for the alerts; NULL: no alerts */
	usage_result_fn	 result;	/* each record's outcome; NULL: not asked */
	void		*arg;
	const char	*cur;		/* the record id being judged, if any */
	long long	 import_id, mark;
	long long	 records, added, known, refused;
	int		 failed;	/* a db_rc that stopped it */
	/* the subscriptions met (open addressing, a power of two) */
	struct subref	*subs;
	size_t		 nsubs, cap;
	struct zone	*zones;
	size_t		 nzones;
	/* the batch, column by column */
	size_t		 n;
	char		 rec[BATCH][RECORD_ID_MAX + 1];
	char		 at[BATCH][20];
	char		 day[BATCH][11];
	const char	*recp[BATCH], *typep[BATCH], *atp[BATCH], *dayp[BATCH];
	unsigned long	 reclen[BATCH], typelen[BATCH], atlen[BATCH], daylen[BATCH];
	long long	 sub[BATCH], co[BATCH], amount[BATCH], imp[BATCH];
	long		 pos[BATCH], line[BATCH];	/* for the outcomes */
	char		 fresh[BATCH];	/* 1: added, 0: known before */
};

static size_t
hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct subref *
sub_slot(struct subref *v, size_t cap, const char *ref)
{
	size_t i = hash(ref) & (cap - 1);

	while (v[i].ref[0] != '\0' && strcmp(v[i].ref, ref) != 0)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* The place of zone in i's zones, added when new. */
static size_t
zone_of(struct imp *i, const char *name)
{
	size_t k;

	for (k = 0; k < i->nzones; k++)
		if (strcmp(i->zones[k].name, name) == 0)
			return k;
	i->zones = erealloc(i->zones, (k + 1) * sizeof(*i->zones));
	memset(&i->zones[k], 0, sizeof(*i->zones));
	snprintf(i->zones[k].name, sizeof(i->zones[k].name), "%s", name);
	i->nzones++;
	return k;
}

/* The subscription of ref (looked up once), or NULL with i->failed set. */
static const struct subref *
sub_find(struct imp *i, const char *ref)
{
	struct subref *s, *old;
	struct dbrow row;
	size_t k, ocap;
	int rc;

	if (i->nsubs * 2 >= i->cap) {
		old = i->subs;
		ocap = i->cap;
		i->cap = ocap ? ocap * 2 : 1024;
		i->subs = ecalloc(i->cap, sizeof(*i->subs));
		for (k = 0; k < ocap; k++)
			if (old[k].ref[0] != '\0')
				*sub_slot(i->subs, i->cap, old[k].ref) = old[k];
		free(old);
	}
	s = sub_slot(i->subs, i->cap, ref);
	if (s->ref[0] != '\0')
		return s;
	if ((rc = db_one(i->db, &stmts[Q_SUB_BY_REF], &row, ref)) < 0) {
		i->failed = rc;
		return NULL;
	}
	snprintf(s->ref, sizeof(s->ref), "%s", ref);
	if (rc == 1) {
		s->id = atoll(row.col[SUBREF_ID]);
		s->company = atoll(row.col[SUBREF_COMPANY]);
		snprintf(s->zone, sizeof(s->zone), "%s", row.col[SUBREF_ZONE]);
		s->z = zone_of(i, s->zone);
	}
	i->nsubs++;
	return s;
}

/*
 * The local date of t in s's zone. A day whose offset is the same at its
 * first and its last second has that offset all day (no zone changes
 * twice within a day); a day with a change asks for each record.
 */
static int
local_day(struct imp *i, const struct subref *s, long long t, char day[11])
{
	struct zone *z = &i->zones[s->z];
	long long d = t / DAY_S;
	size_t k = (size_t)d & (ZONE_DAYS - 1);
	long first, last, off;
	struct tm tm;
	time_t lt;

	if (z->day[k] != d + 1) {
		if (usage_offset(z->name, d * DAY_S, &first) != 0 ||
		    usage_offset(z->name, d * DAY_S + DAY_S - 1, &last) != 0)
			return -1;
		z->day[k] = d + 1;
		z->off[k] = first == last ? first : ZONE_VARIES;
	}
	off = z->off[k];
	if (off == ZONE_VARIES && usage_offset(z->name, t, &off) != 0)
		return -1;
	lt = (time_t)(t + off);
	if (gmtime_r(&lt, &tm) == NULL)
		return -1;
	return strftime(day, 11, "%Y-%m-%d", &tm) == 10 ? 0 : -1;
}

static int
record_id_ok(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (!((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= '0' && s[n] <= '9') || strchr("._:-", s[n]) != NULL))
			return 0;
	return n >= 1 && n <= RECORD_ID_MAX;
}

/*
 * Which records of the batch the insert added: the rows this import added
 * past its mark, in the batch's order (the insert's, so ids grow with it),
 * so one walk down the batch finds each (the same id twice in a batch:
 * the first is added, the second known).
 */
static int
batch_fresh(struct imp *i)
{
	struct dbrow row;
	size_t k = 0;
	int rc;

	if ((rc = db_run(i->db, &stmts[Q_ADDED], i->mark, i->import_id)) < 0)
		return rc;
	while ((rc = db_fetch(i->db, &stmts[Q_ADDED], &row)) == 1) {
		while (k < i->n && strcmp(i->rec[k], row.col[ADDED_RECORD]) != 0)
			k++;
		if (k < i->n)
			i->fresh[k++] = 1;
	}
	return rc < 0 ? rc : DB_OK;
}

struct batch_out {
	struct imp	*i;
	long long	 added, mark;
};

static int
batch_txn(void *arg)
{
	struct batch_out *b = arg;
	struct imp *i = b->i;
	struct dbcolumn cols[] = {
		{ i->recp, i->reclen }, { i->sub, NULL }, { i->co, NULL },
		{ i->typep, i->typelen }, { i->atp, i->atlen }, { i->dayp, i->daylen },
		{ i->amount, NULL }, { i->imp, NULL },
	};
	struct dbrow row;
	int rc;

	if ((rc = db_run_columns(i->db, &stmts[Q_RECORDS], i->n, cols)) < 0)
		return rc;
	b->added = db_affected(i->db, &stmts[Q_RECORDS]);
	b->mark = i->mark;
	memset(i->fresh, b->added == (long long)i->n, i->n);
	if (b->added == 0)
		return DB_OK;
	if (i->result != NULL && b->added < (long long)i->n &&
	    (rc = batch_fresh(i)) != DB_OK)
		return rc;
	if ((rc = db_run(i->db, &stmts[Q_AGGREGATE], i->mark, i->import_id)) < 0)
		return rc;
	if ((rc = db_one(i->db, &stmts[Q_MARK], &row, i->mark, i->mark, i->import_id)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	b->mark = atoll(row.col[MARK_ID]);
	return DB_OK;
}

static int
flush(struct imp *i)
{
	struct batch_out b = { i, 0, 0 };
	size_t k;
	int rc;

	if (i->n == 0 || i->failed)
		return i->failed;
	if ((rc = db_txn(i->db, batch_txn, &b)) != DB_OK) {
		i->failed = rc;
		return rc;
	}
	i->added += b.added;
	i->known += (long long)i->n - b.added;
	i->mark = b.mark;
	if (i->result != NULL)
		for (k = 0; k < i->n; k++)
			i->result(i->arg, i->pos[k], i->line[k], i->rec[k],
			    i->fresh[k] ? USAGE_ADDED : USAGE_KNOWN, NULL);
	/* Also when nothing was new: a run that stopped before its alerts
	 * sends them when the file is imported again. */
	if (i->conf != NULL &&
	    (rc = usage_alerts_check(i->db, i->conf, i->sub, i->co, i->n)) != DB_OK) {
		i->failed = rc;
		return rc;
	}
	i->n = 0;
	return DB_OK;
}

/* A message on the import's err, if it has one. */
static void __attribute__((format(printf, 2, 3)))
say(struct imp *i, const char *fmt, ...)
{
	va_list ap;

	if (i->err == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(i->err, fmt, ap);
	va_end(ap);
}

static void
refuse(struct imp *i, long line, const char *why, const char *what)
{
	char msg[200];

	i->refused++;
	snprintf(msg, sizeof(msg), "%s%s%s", why, what ? ": " : "", what ? what : "");
	say(i, "%s:%ld: %s\n", i->name, line, msg);
	if (i->result != NULL)
		i->result(i->arg, (long)i->records, line, i->cur, USAGE_REFUSED, msg);
	i->cur = NULL;
}

/* One record: refused with its reason, or put in the batch. */
static void
add(struct imp *i, long line, const char *rec, const char *ref, const char *type,
    const char *start, const char *amount, const char *unit)
{
	const struct subref *s;
	const char *why;
	long long t, v;
	int ty;
	size_t k;

	i->records++;
	i->cur = rec != NULL && record_id_ok(rec) ? rec : NULL;
	if (i->cur == NULL)
		return refuse(i, line, "bad record id", NULL);
	if ((ty = usage_type_of(type)) < 0)
		return refuse(i, line, "unknown usage type (data, voice, sms)", type);
	if (start == NULL || usage_time(start, &t) != 0)
		return refuse(i, line, "bad start time (ISO 8601 with offset)", start);
	if ((why = usage_amount(ty, amount, unit, &v)) != NULL)
		return refuse(i, line, why, NULL);
	if (ref == NULL || strlen(ref) > REF_MAX || ref[0] == '\0')
		return refuse(i, line, "bad subscription reference", NULL);
	if ((s = sub_find(i, ref)) == NULL)
		return;
	if (s->id == 0)
		return refuse(i, line, "no such subscription", ref);
	k = i->n;
	snprintf(i->rec[k], sizeof(i->rec[k]), "%s", rec);
	usage_utc(t, i->at[k]);
	/* The company's local day: the day its billing period counts. */
	if (local_day(i, s, t, i->day[k]) != 0)
		return refuse(i, line, "bad start time", start);
	i->recp[k] = i->rec[k];
	i->reclen[k] = strlen(rec);
	i->typep[k] = usage_type_name(ty);
	i->typelen[k] = strlen(i->typep[k]);
	i->atp[k] = i->at[k];
	i->atlen[k] = 19;
	i->dayp[k] = i->day[k];
	i->daylen[k] = 10;
	i->sub[k] = s->id;
	i->co[k] = s->company;
	i->amount[k] = v;
	i->imp[k] = i->import_id;
	i->pos[k] = (long)i->records;
	i->line[k] = line;
	i->cur = NULL;
	if (++i->n == BATCH)
		flush(i);
}

const char *
usage_csv_split(char *line, char *f[6])
{
	char *p = line;
	int n = 0;

	if (strchr(line, '"') != NULL)
		return "quoted fields are not used in a usage file";
	for (;;) {
		f[n++] = p;
		if ((p = strchr(p, ',')) == NULL)
			break;
		*p++ = '\0';
		if (n == 6)
			return "more than six fields";
	}
	return n == 6 ? NULL : "fewer than six fields";
}

static const char csv_head[] = "record_id,subscription,type,start,amount,unit";

static int
read_csv(struct imp *i, FILE *fp)
{
	char buf[LINE_MAX_LEN + 2], *line, *f[6];
	const char *why;
	long no = 0;
	size_t len;

	while (fgets(buf, sizeof(buf), fp) != NULL && !i->failed) {
		no++;
		len = strlen(buf);
		if (len == sizeof(buf) - 1 && buf[len - 1] != '\n') {
			refuse(i, no, "line longer than 1024 bytes", NULL);
			while (fgets(buf, sizeof(buf), fp) != NULL &&
			    buf[strlen(buf) - 1] != '\n')
				;
			continue;
		}
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		line = buf;
		if (no == 1) {
			if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)
				line += 3;
			if (strcmp(line, csv_head) != 0) {
				say(i, "%s:1: the first line is not \"%s\"\n", i->name,
				    csv_head);
				return EX_DATAERR;
			}
			continue;
		}
		if (*line == '\0')
			continue;
		if ((why = usage_csv_split(line, f)) != NULL) {
			i->records++;
			refuse(i, no, why, NULL);
			continue;
		}
		add(i, no, f[0], f[1], f[2], f[3], f[4], f[5]);
	}
	if (ferror(fp)) {
		say(i, "%s: cannot read\n", i->name);
		return EX_IOERR;
	}
	return 0;
}

/* What the parser said of a document that breaks off. */
static void
xml_error(void *arg, const xmlError *e)
{
	char *msg = arg;

	if (msg[0] == '\0' && e != NULL && e->message != NULL)
		snprintf(msg, 256, "%s", e->message);
}

static const char *const xml_attrs[] = { "id", "subscription", "type", "start",
	"amount", "unit", NULL };

/* One <usage> element's attributes, read into v by name. */
static const char *
xml_record(xmlTextReaderPtr r, xmlChar *v[6])
{
	int n = 0, k;

	while (xmlTextReaderMoveToNextAttribute(r) == 1) {
		const char *name = (const char *)xmlTextReaderConstLocalName(r);

		if (++n > ATTRS_MAX)
			return "too many attributes";
		for (k = 0; xml_attrs[k] != NULL && strcmp(xml_attrs[k], name) != 0; k++)
			;
		if (xml_attrs[k] == NULL || xmlTextReaderConstNamespaceUri(r) != NULL)
			return "unknown attribute";
		if (v[k] == NULL)
			v[k] = xmlTextReaderValue(r);
	}
	xmlTextReaderMoveToElement(r);
	return xmlTextReaderIsEmptyElement(r) == 1 ? NULL : "a usage element has no content";
}

/* A batch from r (a file's or a buffer's reader), freed here. */
static int
read_xml(struct imp *i, xmlTextReaderPtr r)
{
	char msg[256] = "";
	xmlChar *v[6];
	const char *why, *name, *ns;
	int rc = 0, ret, depth, type, k, root = 0, skip = 0;
	long line;

	if (r == NULL) {
		say(i, "%s: cannot read\n", i->name);
		return EX_NOINPUT;
	}
	xmlTextReaderSetStructuredErrorHandler(r, (xmlStructuredErrorFunc)xml_error, msg);
	/* A record's element is passed over whole (skip): what it holds is
	 * not read as records of its own. */
	while (!i->failed &&
	    (ret = skip ? xmlTextReaderNext(r) : xmlTextReaderRead(r)) == 1) {
		skip = 0;
		type = xmlTextReaderNodeType(r);
		depth = xmlTextReaderDepth(r);
		line = xmlGetLineNo(xmlTextReaderCurrentNode(r));
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			say(i, "%s: a DOCTYPE is not allowed\n", i->name);
			rc = EX_DATAERR;
			break;
		}
		if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) {
			refuse(i, line, "text outside a record", NULL);
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		name = (const char *)xmlTextReaderConstLocalName(r);
		ns = (const char *)xmlTextReaderConstNamespaceUri(r);
		if (depth == 0) {
			if (strcmp(name, "usage-batch") != 0 || ns == NULL ||
			    strcmp(ns, BATCH_NS) != 0) {
				say(i, "%s:%ld: not a usage batch (<usage-batch xmlns=\""
				    BATCH_NS "\">)\n", i->name, line);
				rc = EX_DATAERR;
				break;
			}
			root = 1;
			continue;
		}
		if (depth != 1 || strcmp(name, "usage") != 0 || ns == NULL ||
		    strcmp(ns, BATCH_NS) != 0) {
			i->records++;
			refuse(i, line, "unexpected element", name);
			skip = 1;
			continue;
		}
		memset(v, 0, sizeof(v));
		if ((why = xml_record(r, v)) != NULL) {
			i->records++;
			refuse(i, line, why, NULL);
		} else
			add(i, line, (char *)v[0], (char *)v[1], (char *)v[2], (char *)v[3],
			    (char *)v[4], (char *)v[5]);
		for (k = 0; k < 6; k++)
			xmlFree(v[k]);
		skip = 1;
	}
	if (rc == 0 && !i->failed && (ret < 0 || !root)) {
		if (msg[0] != '\0' && msg[strlen(msg) - 1] == '\n')
			msg[strlen(msg) - 1] = '\0';
		say(i, "%s:%d: not well-formed XML%s%s\n", i->name,
		    xmlTextReaderGetParserLineNumber(r), msg[0] ? ": " : "", msg);
		rc = EX_DATAERR;
	}
	xmlFreeTextReader(r);
	return rc;
}

/* Whether the file is XML: its first byte past a BOM and blanks is '<'. */
static int
is_xml(FILE *fp)
{
	unsigned char b[3];
	int ch;
	size_t n = fread(b, 1, 3, fp);

	if (!(n == 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF))
		rewind(fp);
	while ((ch = getc(fp)) == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
		;
	rewind(fp);
	return ch == '<';
}

static int
db_status(int rc, FILE *err)
{
	fprintf(err, "selfcare: import-usage: %s\n", rc == DB_UNAVAILABLE ?
	    "the database went away (run it again: nothing is imported twice)" :
	    "a database error (see the log)");
	return rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_SOFTWARE;
}

static struct imp *
imp_new(struct db *db, const char *name, FILE *err)
{
	struct imp *i = ecalloc(1, sizeof(*i));

	i->db = db;
	i->err = err;
	i->name = name;
	return i;
}

/* Starts the import's row: 0 or a db_rc. */
static int
imp_begin(struct imp *i, const char *file)
{
	const char *base = strrchr(file, '/');
	struct dbrow row;
	char name[256];
	int rc;

	snprintf(name, sizeof(name), "%s", base ? base + 1 : file);
	if ((rc = db_run(i->db, &stmts[Q_IMPORT_NEW], name)) < 0)
		return rc;
	i->import_id = db_insert_id(i->db, &stmts[Q_IMPORT_NEW]);
	if ((rc = db_one(i->db, &stmts[Q_START], &row)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	i->mark = atoll(row.col[MARK_ID]);
	return DB_OK;
}

/* The last batch and the import's counts: 0 or a db_rc. */
static int
imp_end(struct imp *i)
{
	int rc;

	if ((rc = flush(i)) != DB_OK)
		return rc;
	return db_run(i->db, &stmts[Q_IMPORT_DONE], i->added, i->known, i->refused,
	    i->import_id);
}

static void
imp_free(struct imp *i)
{
	free(i->subs);
	free(i->zones);
	free(i);
}

int
usage_import(struct db *db, const struct conf *conf, const char *path, FILE *out,
    FILE *err)
{
	struct imp *i;
	FILE *fp;
	int rc, xml;

	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(err, "selfcare: import-usage: %s: cannot open\n", path);
		return EX_NOINPUT;
	}
	i = imp_new(db, path, err);
	i->conf = conf;
	if ((rc = imp_begin(i, path)) != DB_OK) {
		fclose(fp);
		imp_free(i);
		return db_status(rc, err);
	}
	xml = is_xml(fp);
	rc = xml ? read_xml(i, xmlReaderForFile(path, NULL, XML_SAFE_OPTIONS)) :
	    read_csv(i, fp);
	fclose(fp);
	if (i->failed == 0)
		i->failed = imp_end(i);
	if (i->failed != 0) {
		rc = db_status(i->failed, err);
		imp_free(i);
		return rc;
	}
	fprintf(out, "%s: %lld records: %lld imported, %lld imported before, %lld refused\n",
	    path, i->records, i->added, i->known, i->refused);
	if (rc == 0 && i->refused > 0)
		rc = 1;
	imp_free(i);
	return rc;
}

int
usage_import_buffer(struct db *db, const struct conf *conf, const char *name,
    const char *buf, size_t len, usage_result_fn result, void *arg,
    struct usage_counts *n)
{
	struct imp *i = imp_new(db, name, NULL);
	int rc;

	i->conf = conf;
	i->result = result;
	i->arg = arg;
	if ((rc = imp_begin(i, name)) != DB_OK)
		goto out;
	if (read_xml(i, xmlReaderForMemory(buf, (int)len, NULL, NULL,
	    XML_SAFE_OPTIONS)) != 0 && i->failed == 0)
		i->failed = USAGE_NOT_A_BATCH;
	if (i->failed == 0)
		i->failed = imp_end(i);
	rc = i->failed;
	n->records = i->records, n->added = i->added;
	n->known = i->known, n->refused = i->refused;
out:
	imp_free(i);
	return rc;
}

/* ---- the demo ---- */

#define DEMO_USED	(2048LL * USAGE_GB / 100)	/* 20.48 GB */

/* The demo's subscriptions with use: reference and the bytes of a whole
 * period before this one (this period: Internett MBE's DEMO_USED). */
static const struct {
	const char	*ref;
	long long	 period;
} demo_subs[] = {
	{ "TSN-75606716", 64 * USAGE_GB },
	{ "TSN-75606801", 7 * USAGE_GB },
	{ "TSN-75606802", 31 * USAGE_GB },
	{ "TSN-45100001", 22 * USAGE_GB },
};

/* A period's use as one record per day up to day last (1-based): equal
 * parts, the rest on the last day so they add up to total. */
static void
demo_period(struct imp *i, const char *ref, const struct usage_period *p, int last,
    long long total)
{
	char rec[RECORD_ID_MAX + 1], amount[32], start[32];
	long long each = total / last;
	int d;

	for (d = 1; d <= last; d++) {
		snprintf(rec, sizeof(rec), "demo-%s-%s-%02d", ref, p->name, d);
		snprintf(amount, sizeof(amount), "%lld",
		    d < last ? each : total - each * (last - 1));
		/* Noon of the day, local time in any European zone. */
		snprintf(start, sizeof(start), "%.8s%02dT11:00:00Z", p->start, d);
		add(i, d, rec, ref, "data", start, amount, "B");
	}
}

int
usage_demo(struct db *db, FILE *err)
{
	const struct subref *s;
	struct usage_period p;
	struct imp *i = imp_new(db, "demo", err);
	size_t k;
	int back, rc, days;

	if ((rc = imp_begin(i, "demo")) != DB_OK)
		goto out;
	for (k = 0; k < COUNTOF(demo_subs) && !i->failed; k++) {
		if ((s = sub_find(i, demo_subs[k].ref)) == NULL || s->id == 0)
			continue;
		for (back = 12; back >= 0 && !i->failed; back--) {
			if (usage_period_at(s->zone, (long long)time(NULL), back, &p) != 0)
				continue;
			days = back ? p.days : p.days - p.left + 1;
			demo_period(i, demo_subs[k].ref, &p, days, back ? demo_subs[k].period *
			    (80 + 3 * back) / 100 : k == 0 ? DEMO_USED :
			    demo_subs[k].period * days / p.days);
		}
	}
	rc = i->failed ? i->failed : imp_end(i);
out:
	if (rc != DB_OK)
		fprintf(err, "selfcare: demo usage: %s\n", rc == DB_UNAVAILABLE ?
		    "the database went away" : "a database error (see the log)");
	imp_free(i);
	return rc == DB_OK ? 0 : 1;
}

const struct module usageimport_module = {
	.name = "usageimport", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
