/* Payment reminders (see remind.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "billing/billing.h"
#include "billing/remind.h"
#include "core/audit.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/money.h"
#include "core/util.h"

/* An invoice overdue on the day, whether its company stopped reminders. */
enum { DUE_ID, DUE_NUMBER, DUE_COMPANY, DUE_NAME, DUE_DATE, DUE_CURRENCY,
	DUE_REMAINING, DUE_FEE, DUE_STOPPED, DUE__COLS };
enum { LOCK_ID, LOCK__COLS };
/* The invoice as the reminder tells of it, if it is still due one. */
enum { REM_NUMBER, REM_COMPANY, REM_CURRENCY, REM_DUE, REM_REMAINING, REM_KID,
	REM_ACCOUNT, REM_ISSUER_NAME, REM_BANK_ACCOUNT, REM_IBAN, REM_FEE,
	REM_COUNTRY, REM__COLS };
/* Who gets it; lang NULL: the company's. */
enum { RCP_EMAIL, RCP_LANG, RCP__COLS };
enum { Q_REMIND_DUE, Q_REMIND_LOCK, Q_REMIND_GET, Q_REMIND_TO, Q_REMIND_FEE,
	Q_REMIND_ADD };

/* Overdue for a reminder on day ?: unpaid past the due date by the
 * issuer's days, its company not closed, none in the last days (one later
 * than the day counts too: a run for an earlier day sends nothing twice).
 * Due: and its company has not stopped them. */
#define REMIND_OVERDUE \
	" i.kind = 'invoice' AND i.status IN ('unpaid', 'partly_paid')" \
	" AND i.total - i.paid - i.credited > 0 AND c.status = 'active'" \
	" AND i.due_date <= DATE_SUB(CAST(? AS DATE), INTERVAL s.reminder_days DAY)" \
	" AND NOT EXISTS (SELECT 1 FROM invoice_reminders r WHERE r.invoice_id = i.id" \
	"  AND r.sent_on > DATE_SUB(CAST(? AS DATE), INTERVAL s.reminder_days DAY))"
#define REMIND_DUE	REMIND_OVERDUE " AND c.no_reminders = 0"
static struct stmt stmts[] = {
	[Q_REMIND_DUE] = STMT("remind.due", "ss", DUE__COLS,
	    "SELECT i.id, i.number, i.company_id, c.name,"
	    " DATE_FORMAT(i.due_date, '%Y-%m-%d'), i.currency,"
	    " i.total - i.paid - i.credited, s.reminder_fee, c.no_reminders"
	    " FROM invoices i JOIN issuers s ON s.id = i.issuer_id"
	    " JOIN companies c ON c.id = i.company_id WHERE" REMIND_OVERDUE
	    " ORDER BY i.id"),
	[Q_REMIND_LOCK] = STMT("remind.lock", "i", LOCK__COLS,
	    "SELECT id FROM invoices WHERE id = ? FOR UPDATE"),
	[Q_REMIND_GET] = STMT("remind.get", "iss", REM__COLS,
	    "SELECT i.number, i.company_id, i.currency, i.due_date,"
	    " i.total - i.paid - i.credited, i.payment_ref, i.billing_account_id, s.name,"
	    " s.bank_account, s.iban, s.reminder_fee, c.country"
	    " FROM invoices i JOIN issuers s ON s.id = i.issuer_id"
	    " JOIN companies c ON c.id = i.company_id WHERE i.id = ? AND" REMIND_DUE),
	/* The e-invoice addresses; without one, the active administrators. */
	[Q_REMIND_TO] = STMT("remind.recipients", "iii", RCP__COLS,
	    "SELECT r.email, NULL FROM einvoice_recipients r WHERE r.company_id = ?"
	    " UNION ALL"
	    " SELECT u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND m.role = 'admin' AND u.status = 'active'"
	    " AND NOT EXISTS (SELECT 1 FROM einvoice_recipients r WHERE r.company_id = ?)"
	    " ORDER BY 1"),
	/* A reminder fee is a compensation, not a supply: no VAT on it. */
	[Q_REMIND_FEE] = STMT("remind.fee", "iissss", 0,
	    "INSERT INTO charges (company_id, billing_account_id, description, quantity,"
	    " unit_price, currency, vat_rate, charged_on)"
	    " VALUES (?, ?, ?, 1, ?, ?, 0.00, ?)"),
	[Q_REMIND_ADD] = STMT("remind.add", "iissIi", 0,
	    "INSERT INTO invoice_reminders (invoice_id, company_id, sent_on, remaining,"
	    " fee_charge_id, mails) VALUES (?, ?, ?, ?, ?, ?)"),
};
#undef REMIND_DUE
#undef REMIND_OVERDUE

struct remind {
	struct db		*db;
	const struct conf	*conf;
	const struct remind_how	*how;
	const char		*date;
	struct reminder		 r;
};

/* A recipient as read (the fetch must end before the mails are queued). */
struct to {
	char	*email;
	char	 lang[3];
};

/* The mail in lang, with the fee's sentence when there is one. */
static void
mail_text(struct remind *m, const char *lang, char *const *v, struct buf *subject,
    struct buf *body)
{
	char remaining[64], due[16], fee[64], url[400];
	struct buf fs = { 0 };
	const char *fee_vars[] = { "fee", fee, NULL };

	money_local(remaining, sizeof(remaining), lang, m->r.remaining, m->r.currency);
	date_local(due, sizeof(due), lang, v[REM_DUE]);
	snprintf(url, sizeof(url), "%s/companies/%lld/invoices/%lld", m->conf->base_url,
	    m->r.company_id, m->r.invoice_id);
	if (m->r.fee > 0) {
		money_local(fee, sizeof(fee), lang, m->r.fee, m->r.currency);
		i18n_fill(&fs, i18n_get(lang, "reminder.mail.fee"), fee_vars);
		buf_puts(&fs, "\n\n");
	}
	{
		const char *vars[] = { "number", m->r.number, "issuer",
		    v[REM_ISSUER_NAME], "due", due, "remaining", remaining, "account",
		    v[REM_BANK_ACCOUNT][0] ? v[REM_BANK_ACCOUNT] : v[REM_IBAN], "kid",
		    v[REM_KID], "url", url, "fee", fs.p ? fs.p : "", NULL };

		i18n_fill(subject, i18n_get(lang, "reminder.mail.subject"), vars);
		i18n_fill(body, i18n_get(lang, "reminder.mail.body"), vars);
	}
	buf_free(&fs);
}

static int
read_recipients(struct remind *m, const char *company_lang, struct to **to, size_t *n)
{
	struct dbrow row;
	const char *lang;
	int rc;

	if ((rc = db_run(m->db, &stmts[Q_REMIND_TO], m->r.company_id, m->r.company_id,
	    m->r.company_id)) < 0)
		return rc;
	while ((rc = db_fetch(m->db, &stmts[Q_REMIND_TO], &row)) == 1) {
		*to = erealloc(*to, (*n + 1) * sizeof(**to));
		(*to)[*n].email = estrdup(row.col[RCP_EMAIL]);
		lang = i18n_lang(row.col[RCP_LANG]);
		snprintf((*to)[*n].lang, sizeof((*to)[*n].lang), "%s",
		    lang ? lang : company_lang);
		(*n)++;
	}
	return rc;
}

/* The fee as a charge of the reminder's day on the invoice's account,
 * described in the issuer's language (that of the invoice it will be on). */
static int
charge_fee(struct remind *m, char *const *v, long long account, long long *charge)
{
	const char *vars[] = { "number", m->r.number, NULL };
	struct buf d = { 0 };
	int rc;

	i18n_fill(&d, i18n_get(billing_lang(v[REM_COUNTRY]), "reminder.fee-line"), vars);
	rc = db_run(m->db, &stmts[Q_REMIND_FEE], m->r.company_id, account, d.p,
	    v[REM_FEE], m->r.currency, m->date);
	buf_free(&d);
	if (rc == 0)
		*charge = db_insert_id(m->db, &stmts[Q_REMIND_FEE]);
	return rc;
}

/* 0 reminded, 1 not due any more (a payment, another run), 2 nobody to
 * tell, <0 a db_rc. */
static int
remind_txn(void *arg)
{
	struct remind *m = arg;
	struct dbrow row;
	struct to *to = NULL;
	size_t n = 0, i;
	long long account = 0, charge = 0;
	char *v[REM__COLS] = { NULL };
	char company_lang[3], s_rest[32], detail[256], fee[32] = "";
	int rc, j;

	m->r.mails = 0;
	m->r.fee = 0;
	if ((rc = db_one(m->db, &stmts[Q_REMIND_LOCK], &row, m->r.invoice_id)) <= 0)
		return rc < 0 ? rc : 1;
	if ((rc = db_one(m->db, &stmts[Q_REMIND_GET], &row, m->r.invoice_id, m->date,
	    m->date)) <= 0)
		return rc < 0 ? rc : 1;
	for (j = 0; j < REM__COLS; j++)
		v[j] = estrdup(row.col[j] ? row.col[j] : "");
	snprintf(m->r.number, sizeof(m->r.number), "%s", v[REM_NUMBER]);
	snprintf(m->r.currency, sizeof(m->r.currency), "%s", v[REM_CURRENCY]);
	parse_int(v[REM_COMPANY], 1, INT64_MAX, &m->r.company_id);
	parse_int(v[REM_ACCOUNT], 1, INT64_MAX, &account);
	money_parse(v[REM_REMAINING], &m->r.remaining);
	if (v[REM_FEE][0] != '\0')
		money_parse(v[REM_FEE], &m->r.fee);
	snprintf(company_lang, sizeof(company_lang), "%s", billing_lang(v[REM_COUNTRY]));

	if ((rc = read_recipients(m, company_lang, &to, &n)) < 0)
		goto out;
	if (n == 0) {
		rc = 2;
		goto out;
	}
	if (m->r.fee > 0 && (rc = charge_fee(m, v, account, &charge)) < 0)
		goto out;
	money_canonical(s_rest, sizeof(s_rest), m->r.remaining);
	if ((rc = db_run(m->db, &stmts[Q_REMIND_ADD], m->r.invoice_id, m->r.company_id,
	    m->date, s_rest, charge, (long long)n)) < 0)
		goto out;	/* DB_DUPLICATE: reminded today already */
	for (i = 0; i < n && rc == 0; i++) {
		struct buf subject = { 0 }, body = { 0 };

		mail_text(m, to[i].lang, v, &subject, &body);
		rc = billing_mail(m->db, to[i].email, subject.p, body.p, m->r.invoice_id,
		    NULL);
		buf_free(&subject);
		buf_free(&body);
		m->r.mails++;
	}
	if (rc < 0)
		goto out;
	if (m->r.fee > 0)
		snprintf(fee, sizeof(fee), ", fee %s %s", v[REM_FEE], m->r.currency);
	snprintf(detail, sizeof(detail), "%s: %s %s remaining%s, %d e-mail(s)",
	    m->r.number, s_rest, m->r.currency, fee, m->r.mails);
	if (m->how->staff > 0)
		rc = audit_add_staff(m->db, m->how->staff, m->r.company_id,
		    "invoice-reminder", "invoice", m->r.invoice_id, detail, m->how->ip);
	else
		rc = audit_add(m->db, 0, m->r.company_id, "invoice-reminder", "invoice",
		    m->r.invoice_id, detail, "");
out:
	for (i = 0; i < n; i++)
		free(to[i].email);
	free(to);
	for (j = 0; j < REM__COLS; j++)
		free(v[j]);
	return rc;
}

int
remind_due(struct db *db, const char *date, struct remind_due **list, size_t *n)
{
	struct dbrow row;
	struct remind_due *d;
	int rc;

	*list = NULL;
	*n = 0;
	if ((rc = db_run(db, &stmts[Q_REMIND_DUE], date, date)) < 0)
		return rc;
	while ((rc = db_fetch(db, &stmts[Q_REMIND_DUE], &row)) == 1) {
		*list = erealloc(*list, (*n + 1) * sizeof(**list));
		d = &(*list)[(*n)++];
		memset(d, 0, sizeof(*d));
		parse_int(row.col[DUE_ID], 1, INT64_MAX, &d->invoice_id);
		parse_int(row.col[DUE_COMPANY], 1, INT64_MAX, &d->company_id);
		snprintf(d->number, sizeof(d->number), "%s", row.col[DUE_NUMBER]);
		snprintf(d->company, sizeof(d->company), "%s", row.col[DUE_NAME]);
		snprintf(d->due, sizeof(d->due), "%s", row.col[DUE_DATE]);
		snprintf(d->currency, sizeof(d->currency), "%s", row.col[DUE_CURRENCY]);
		money_parse(row.col[DUE_REMAINING], &d->remaining);
		if (row.col[DUE_FEE] != NULL)
			money_parse(row.col[DUE_FEE], &d->fee);
		d->stopped = strcmp(row.col[DUE_STOPPED], "0") != 0;
	}
	if (rc < 0) {
		free(*list);
		*list = NULL;
		*n = 0;
	}
	return rc < 0 ? rc : DB_OK;
}

int
remind_run(struct db *db, const struct conf *conf, const char *date,
    const struct remind_how *how, struct remind_report *rep)
{
	struct remind m;
	struct remind_due *due;
	size_t n, i, tried = 0;
	int rc;

	memset(rep, 0, sizeof(*rep));
	/* Collected first: each reminder is a transaction of its own. */
	if ((rc = remind_due(db, date, &due, &n)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (due[i].stopped)
			continue;
		if (how->max > 0 && tried == how->max) {
			rep->left++;
			continue;
		}
		tried++;
		memset(&m, 0, sizeof(m));
		m.db = db;
		m.conf = conf;
		m.how = how;
		m.date = date;
		m.r.invoice_id = due[i].invoice_id;
		switch (db_txn(db, remind_txn, &m)) {
		case DB_OK:
			m.r.state = REMIND_SENT;
			rep->sent++;
			rep->mails += m.r.mails;
			rep->fees += m.r.fee > 0;
			break;
		case 2:
			m.r.state = REMIND_NOBODY;
			m.r.mails = 0;
			rep->nobody++;
			break;
		case 1:
		case DB_DUPLICATE:
			continue;	/* not due any more, or reminded beside us */
		default:
			m.r.state = REMIND_FAILED;
			m.r.mails = 0;
			rep->failed++;
			break;
		}
		if (how->each != NULL)
			how->each(how->arg, &m.r);
	}
	free(due);
	return DB_OK;
}

static void
remind_print(void *arg, const struct reminder *r)
{
	FILE **f = arg;
	char rest[32], fee[32], with_fee[48] = "";

	money_canonical(rest, sizeof(rest), r->remaining);
	if (r->state == REMIND_SENT) {
		if (r->fee > 0) {
			money_canonical(fee, sizeof(fee), r->fee);
			snprintf(with_fee, sizeof(with_fee), ", fee %s %s", fee, r->currency);
		}
		fprintf(f[0], "reminder for invoice %s: %s %s remaining, %d e-mail(s)%s\n",
		    r->number, rest, r->currency, r->mails, with_fee);
	} else if (r->state == REMIND_NOBODY)
		fprintf(f[1], "remind: invoice %s: company %lld has no e-invoice address and "
		    "no administrator, no reminder\n", r->number, r->company_id);
	else
		fprintf(f[1], "remind: invoice %lld: failed (database error), no reminder\n",
		    r->invoice_id);
}

int
billing_remind(struct db *db, const struct conf *conf, const char *date, FILE *out,
    FILE *err)
{
	struct remind_report rep;
	FILE *f[2] = { out, err };
	struct remind_how how = { 0, "", 0, remind_print, f };
	char day[11];
	int rc;

	if ((rc = billing_today(db, date, day, sizeof(day), err)) != 0)
		return rc;
	if ((rc = remind_run(db, conf, day, &how, &rep)) < 0) {
		fprintf(err, "remind: reading the invoices due failed (%s)\n",
		    rc == DB_UNAVAILABLE ? "database unavailable" : "database error");
		return rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_SOFTWARE;
	}
	fprintf(out, "remind %s: %d reminder(s) sent, %d e-mail(s) queued, %d fee(s) "
	    "charged, %d without a recipient, %d failed\n", day, rep.sent, rep.mails,
	    rep.fees, rep.nobody, rep.failed);
	return rep.failed ? 1 : 0;
}

const struct module remind_module = {
	.name = "remind", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
