/*
 * Help articles (back office, role "articles"): the staff who write the
 * help the portal shows (portal/help.c, schema/sql/010-help.sql). Every
 * article, draft or published, by category with its languages and its
 * votes; an article's slug, category, place, status, title and body in
 * nb, da and en, and the portal pages it helps with; its feedback, newest
 * first; the categories, their names in each language and their order.
 *
 * A body is plain text, as the portal shows it: paragraphs separated by a
 * blank line, every character shown as typed (the stylesheets escape it),
 * never markup. A language is in an article when it has a title and a
 * body; a published article needs at least one. The portal reads the same
 * rows on every request, so a change shows there at once.
 *
 * Every change is audited under the staff member; articles and categories
 * are no company's, so the audit rows name none.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/valid.h"

#define ARTICLES	"/admin/articles"
#define NLANGS		3
#define SLUG_MAX	64	/* help_articles.slug, and a route's slug */
#define CODE_MAX	32	/* help_categories.code */
#define TITLE_CHARS	200	/* help_article_texts.title */
#define BODY_CHARS	10000	/* three bodies fit in a request (REQ_MAX_BODY) */
#define CAT_NAME_CHARS	100	/* help_category_names.name */
#define POSITION_MAX	1000000
#define PAGES_MAX	32	/* portal pages one article is tied to */
#define FEEDBACK_SHOWN	200	/* the newest votes an article's page lists */
#define Q_MAX		100	/* characters of a search */
#define PATTERN_MAX	(2 * Q_MAX * 4 + 3)

static const char *const langs[NLANGS] = { "nb", "da", "en" };
static const char *const statuses[] = { "draft", "published", NULL };

#define TIME(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%s')"
/* An article's last change: its row or one of its texts. */
#define CHANGED \
	"GREATEST(a.updated_at, COALESCE((SELECT MAX(t.updated_at)" \
	" FROM help_article_texts t WHERE t.article_id = a.id), a.updated_at))"
#define VOTES \
	"(SELECT COUNT(*) FROM help_feedback f WHERE f.article_id = a.id AND f.helpful = 1)," \
	" (SELECT COUNT(*) FROM help_feedback f WHERE f.article_id = a.id)"

enum { LS_ID, LS_SLUG, LS_STATUS, LS_CATEGORY, LS_TITLE, LS_LANGS, LS_HELPFUL,
	LS_VOTES, LS_UPDATED, LS__COLS };
enum { CT_ID, CT_CODE, CT_POSITION, CT_NB, CT_DA, CT_EN, CT_ARTICLES, CT__COLS };
enum { AR_ID, AR_SLUG, AR_STATUS, AR_CATEGORY, AR_POSITION, AR_CREATED, AR_UPDATED,
	AR_CREATED_BY, AR_UPDATED_BY, AR_HELPFUL, AR_VOTES, AR__COLS };
enum { TX_LANG, TX_TITLE, TX_BODY, TX__COLS };
enum { PG_PAGE, PG__COLS };
enum { FB_HELPFUL, FB_COMMENT, FB_LANG, FB_AT, FB__COLS };
enum { ID_ID, ID__COLS };
enum { LK_KEY, LK__COLS };	/* a slug, a code */

enum { Q_LIST, Q_CATS, Q_GET, Q_TEXTS, Q_PAGES, Q_FEEDBACK, Q_CAT_BY_CODE, Q_ADD, Q_LOCK,
	Q_SET, Q_TEXT_SET, Q_TEXT_DEL, Q_PAGES_DEL, Q_PAGE_ADD, Q_CAT_ADD, Q_CAT_LOCK,
	Q_CAT_SET, Q_CAT_NAME_SET };
static struct stmt stmts[] = {
	/* Every article with its title in the staff member's language (else
	 * the first it has), its languages and votes; filtered by category,
	 * status and a search in the slug, the titles and the bodies. */
	[Q_LIST] = STMT("articles.list", "ssssssss", LS__COLS,
	    "SELECT a.id, a.slug, a.status, c.code,"
	    " COALESCE((SELECT t.title FROM help_article_texts t WHERE t.article_id = a.id"
	    "  ORDER BY t.lang = ? DESC, FIELD(t.lang, 'nb', 'da', 'en') LIMIT 1), a.slug),"
	    " (SELECT GROUP_CONCAT(t.lang ORDER BY FIELD(t.lang, 'nb', 'da', 'en'))"
	    "  FROM help_article_texts t WHERE t.article_id = a.id),"
	    " " VOTES ", " TIME(CHANGED)
	    " FROM help_articles a JOIN help_categories c ON c.id = a.category_id"
	    " WHERE (? = '' OR c.code = ?) AND (? = '' OR a.status = ?)"
	    " AND (? = '' OR a.slug LIKE ? OR EXISTS (SELECT 1 FROM help_article_texts t"
	    "  WHERE t.article_id = a.id AND CONCAT(t.title, '\\n', t.body) LIKE ?))"
	    " ORDER BY c.position, c.id, a.position, a.slug"),
	[Q_CATS] = STMT("articles.categories", "", CT__COLS,
	    "SELECT c.id, c.code, c.position, nb.name, da.name, en.name,"
	    " (SELECT COUNT(*) FROM help_articles a WHERE a.category_id = c.id)"
	    " FROM help_categories c"
	    " LEFT JOIN help_category_names nb ON nb.category_id = c.id AND nb.lang = 'nb'"
	    " LEFT JOIN help_category_names da ON da.category_id = c.id AND da.lang = 'da'"
	    " LEFT JOIN help_category_names en ON en.category_id = c.id AND en.lang = 'en'"
	    " ORDER BY c.position, c.id"),
	[Q_GET] = STMT("articles.get", "i", AR__COLS,
	    "SELECT a.id, a.slug, a.status, c.code, a.position, " TIME("a.created_at") ","
	    " " TIME(CHANGED) ", cb.name, ub.name, " VOTES
	    " FROM help_articles a JOIN help_categories c ON c.id = a.category_id"
	    " LEFT JOIN staff cb ON cb.id = a.created_by"
	    " LEFT JOIN staff ub ON ub.id = a.updated_by"
	    " WHERE a.id = ?"),
	[Q_TEXTS] = STMT("articles.texts", "i", TX__COLS,
	    "SELECT lang, title, body FROM help_article_texts WHERE article_id = ?"
	    " ORDER BY FIELD(lang, 'nb', 'da', 'en')"),
	[Q_PAGES] = STMT("articles.pages", "i", PG__COLS,
	    "SELECT page FROM help_article_pages WHERE article_id = ? ORDER BY page"),
	[Q_FEEDBACK] = STMT("articles.feedback", "ii", FB__COLS,
	    "SELECT helpful, comment, lang, " TIME("voted_at") " FROM help_feedback"
	    " WHERE article_id = ? ORDER BY voted_at DESC, id DESC LIMIT ?"),
	[Q_CAT_BY_CODE] = STMT("articles.category_by_code", "s", ID__COLS,
	    "SELECT id FROM help_categories WHERE code = ?"),
	[Q_ADD] = STMT("articles.add", "siisII", 0,
	    "INSERT INTO help_articles (slug, category_id, position, status, created_by,"
	    " updated_by) VALUES (?, ?, ?, ?, ?, ?)"),
	[Q_LOCK] = STMT("articles.lock", "i", LK__COLS,
	    "SELECT slug FROM help_articles WHERE id = ? FOR UPDATE"),
	[Q_SET] = STMT("articles.set", "siisIi", 0,
	    "UPDATE help_articles SET slug = ?, category_id = ?, position = ?, status = ?,"
	    " updated_by = ? WHERE id = ?"),
	[Q_TEXT_SET] = STMT("articles.text_set", "isss", 0,
	    "INSERT INTO help_article_texts (article_id, lang, title, body) VALUES (?, ?, ?, ?)"
	    " ON DUPLICATE KEY UPDATE title = VALUES(title), body = VALUES(body)"),
	[Q_TEXT_DEL] = STMT("articles.text_del", "is", 0,
	    "DELETE FROM help_article_texts WHERE article_id = ? AND lang = ?"),
	[Q_PAGES_DEL] = STMT("articles.pages_del", "i", 0,
	    "DELETE FROM help_article_pages WHERE article_id = ?"),
	[Q_PAGE_ADD] = STMT("articles.page_add", "is", 0,
	    "INSERT IGNORE INTO help_article_pages (article_id, page) VALUES (?, ?)"),
	[Q_CAT_ADD] = STMT("articles.category_add", "si", 0,
	    "INSERT INTO help_categories (code, position) VALUES (?, ?)"),
	[Q_CAT_LOCK] = STMT("articles.category_lock", "i", LK__COLS,
	    "SELECT code FROM help_categories WHERE id = ? FOR UPDATE"),
	[Q_CAT_SET] = STMT("articles.category_set", "ii", 0,
	    "UPDATE help_categories SET position = ? WHERE id = ?"),
	[Q_CAT_NAME_SET] = STMT("articles.category_name_set", "iss", 0,
	    "INSERT INTO help_category_names (category_id, lang, name) VALUES (?, ?, ?)"
	    " ON DUPLICATE KEY UPDATE name = VALUES(name)"),
};
#undef TIME
#undef CHANGED
#undef VOTES

/* ---- fields ---- */

static const struct field list_fields[] = {
	{ "category", V_WORD, 0 },
	{ "status", V_WORD, 0 },
	{ "q", V_TEXT, 0 },		/* bounded in characters by the handler */
	{ NULL, V_TEXT, 0 },
};

/* An article's form, in the order of struct draft's errors (F_*). Text is
 * checked by the handler, so that a bad value comes back with its error. */
enum { F_SLUG, F_CATEGORY, F_STATUS, F_POSITION, F_TITLE, F_BODY = F_TITLE + NLANGS,
	F_PAGES = F_BODY + NLANGS, F__N };
static const struct field article_fields[] = {
	{ "slug", V_TEXT, 0 }, { "category", V_TEXT, 0 }, { "status", V_TEXT, 0 },
	{ "position", V_TEXT, 0 },
	{ "title-nb", V_TEXT, 0 }, { "title-da", V_TEXT, 0 }, { "title-en", V_TEXT, 0 },
	{ "body-nb", V_TEXT, 0 }, { "body-da", V_TEXT, 0 }, { "body-en", V_TEXT, 0 },
	{ "pages", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

/* A category's form: a new one has a code, one that exists keeps it (the
 * edit's fields are these without the first). */
enum { K_CODE, K_NAME, K_POSITION = K_NAME + NLANGS, K__N };
static const struct field category_fields[] = {
	{ "code", V_TEXT, 0 },
	{ "name-nb", V_TEXT, 0 }, { "name-da", V_TEXT, 0 }, { "name-en", V_TEXT, 0 },
	{ "position", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/* The position of s in a NULL-terminated list, or -1. */
static int
list_index(const char *const *list, const char *s)
{
	int i;

	for (i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* Whether name is a page of the portal (the <page name> help is tied to). */
static int
portal_page(const char *name)
{
	const struct module *const *m;

	for (m = modules; *m != NULL; m++)
		if ((*m)->door == DOOR_PORTAL && (*m)->pages != NULL &&
		    list_index((*m)->pages, name) >= 0)
			return 1;
	return 0;
}

/*
 * A slug or a code as typed: [a-z0-9-], not starting with "-", at most max
 * bytes; into out (max + 1 bytes). NULL, or the error's code.
 */
static const char *
word_in(const char *v, size_t max, char *out)
{
	size_t n;

	out[0] = '\0';
	if (blank(v))
		return "required";
	if ((n = strlen(v)) > max)
		return "too-long";
	if (v[0] == '-' || strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return "invalid";
	memcpy(out, v, n + 1);
	return NULL;
}

/* A position: empty is 0. NULL, or the error's code. */
static const char *
position_in(const char *v, long long *pos)
{
	*pos = 0;
	if (blank(v))
		return NULL;
	return parse_int(v, 0, POSITION_MAX, pos) == -1 ? "invalid" : NULL;
}

/* ---- the documents ---- */

/* <category id code position articles><name lang/>*</category> from a row
 * of Q_CATS. */
static void
category_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr e = x_el(parent, "category");
	int i;

	x_attr(e, "id", row->col[CT_ID]);
	x_attr(e, "code", row->col[CT_CODE]);
	x_attr(e, "position", row->col[CT_POSITION]);
	x_attr(e, "articles", row->col[CT_ARTICLES]);
	for (i = 0; i < NLANGS; i++)
		if (row->col[CT_NB + i] != NULL)
			x_attr(x_text(e, "name", row->col[CT_NB + i]), "lang", langs[i]);
}

/* Every category, in order, under parent. */
static int
categories_el(struct ctx *c, xmlNodePtr parent)
{
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_CATS])) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_CATS], &row)) == 1)
		category_el(parent, &row);
	return rc;
}

/* <votes helpful total/>: "2 of 2 found this helpful". */
static void
votes_el(xmlNodePtr parent, const char *helpful, const char *total)
{
	xmlNodePtr v = x_el(parent, "votes");

	x_attr(v, "helpful", helpful);
	x_attr(v, "total", total);
}

/* The languages of a list row ("nb,en") as <lang> elements. */
static void
langs_el(xmlNodePtr parent, const char *list)
{
	char lang[3];

	while (list != NULL && strlen(list) >= 2) {
		memcpy(lang, list, 2);
		lang[2] = '\0';
		x_text(parent, "lang", lang);
		list = list[2] == ',' ? list + 3 : NULL;
	}
}

/*
 * /admin/articles: every article by category (the stylesheet groups them
 * in the categories' order), filtered by category, status and a search.
 */
static int
list_get(struct ctx *c)
{
	const char *cat = in_get(c, "category"), *status = in_get(c, "status");
	const char *q = in_get(c, "q");
	char qs[Q_MAX * 4 + 1], pat[PATTERN_MAX];
	xmlNodePtr list, a;
	struct dbrow row;
	int rc;

	if (cat == NULL)
		cat = "";
	if (status == NULL)
		status = "";
	else if (list_index(statuses, status) < 0)
		return 400;
	if (q == NULL || blank(q))
		q = "";
	else if (valid_line(qs, sizeof(qs), q, Q_MAX) != NULL)
		return 400;
	else
		q = qs;
	db_like(q, pat, sizeof(pat));
	page_begin(c, "admin-articles");
	list = x_el(c->root, "articles");
	x_attr(list, "category", cat);
	x_attr(list, "status", status);
	x_attr(list, "q", q);
	if ((rc = categories_el(c, list)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_LIST], c->lang, cat, cat, status, status, q, pat,
	    pat)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_LIST], &row)) == 1) {
		a = x_el(list, "article");
		x_attr(a, "id", row.col[LS_ID]);
		x_attr(a, "slug", row.col[LS_SLUG]);
		x_attr(a, "status", row.col[LS_STATUS]);
		x_attr(a, "category", row.col[LS_CATEGORY]);
		x_text(a, "title", row.col[LS_TITLE]);
		langs_el(a, row.col[LS_LANGS]);
		votes_el(a, row.col[LS_HELPFUL], row.col[LS_VOTES]);
		x_time(a, "updated", "", row.col[LS_UPDATED]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* What the article form chooses from: the categories and the portal's pages. */
static int
choices_el(struct ctx *c)
{
	xmlNodePtr ch = x_el(c->root, "choices");
	const struct module *const *m;
	const char *const *p;

	for (m = modules; *m != NULL; m++)
		if ((*m)->door == DOOR_PORTAL && (*m)->pages != NULL)
			for (p = (*m)->pages; *p != NULL; p++)
				x_text(ch, "page", *p);
	return categories_el(c, ch);
}

/* A form re-shown: what was typed in its fields, and each field's error
 * (err[i] for fields[i], NULL: none). */
static void
form_again(struct ctx *c, const char *name, const struct field *fields,
    const char *const *err)
{
	xmlNodePtr f = form_el(c->root, name);
	size_t i;

	for (i = 0; fields[i].name != NULL; i++)
		form_keep(c, f, fields[i].name);
	for (i = 0; fields[i].name != NULL; i++)
		if (err[i] != NULL)
			form_error(f, fields[i].name, err[i]);
}

/* The texts, the pages and the feedback of article id, under a. */
static int
article_parts(struct ctx *c, xmlNodePtr a, long long id)
{
	xmlNodePtr e, list;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_TEXTS], id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_TEXTS], &row)) == 1) {
		e = x_el(a, "text");
		x_attr(e, "lang", row.col[TX_LANG]);
		x_text(e, "title", row.col[TX_TITLE]);
		x_text(e, "body", row.col[TX_BODY]);
	}
	if (rc < 0 || (rc = db_run(c->db, &stmts[Q_PAGES], id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_PAGES], &row)) == 1)
		x_text(a, "page", row.col[PG_PAGE]);
	if (rc < 0 || (rc = db_run(c->db, &stmts[Q_FEEDBACK], id,
	    (long long)FEEDBACK_SHOWN)) < 0)
		return rc;
	list = x_el(a, "feedback");
	while ((rc = db_fetch(c->db, &stmts[Q_FEEDBACK], &row)) == 1) {
		e = x_el(list, "vote");
		x_attr(e, "helpful", strcmp(row.col[FB_HELPFUL], "0") != 0 ? "yes" : "no");
		x_attr(e, "lang", row.col[FB_LANG]);
		x_time(e, "at", "", row.col[FB_AT]);
		x_text(e, "comment", row.col[FB_COMMENT]);
	}
	return rc;
}

/*
 * An article's page (c->ids[0]), or the new-article page (new): the
 * article as stored, the choices, and the form as typed with its errors
 * when it is re-shown (err not NULL).
 */
static int
article_page(struct ctx *c, int new, const char *const *err)
{
	struct dbrow row;
	xmlNodePtr a;
	long long id = new ? 0 : c->ids[0];
	int rc;

	if (!new && (rc = db_one(c->db, &stmts[Q_GET], &row, id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "admin-article");
	if (!new) {
		a = x_el(c->root, "article");
		x_attr(a, "id", row.col[AR_ID]);
		x_attr(a, "slug", row.col[AR_SLUG]);
		x_attr(a, "status", row.col[AR_STATUS]);
		x_attr(a, "category", row.col[AR_CATEGORY]);
		x_attr(a, "position", row.col[AR_POSITION]);
		x_time(a, "created", "", row.col[AR_CREATED]);
		x_time(a, "updated", "", row.col[AR_UPDATED]);
		x_text(a, "created-by", row.col[AR_CREATED_BY]);
		x_text(a, "updated-by", row.col[AR_UPDATED_BY]);
		votes_el(a, row.col[AR_HELPFUL], row.col[AR_VOTES]);
		if ((rc = article_parts(c, a, id)) < 0)
			return page_db_status(rc);
	}
	if ((rc = choices_el(c)) < 0)
		return page_db_status(rc);
	if (err != NULL)
		form_again(c, "articles-article", article_fields, err);
	return 0;
}

static int
new_get(struct ctx *c)
{
	return article_page(c, 1, NULL);
}

static int
article_get(struct ctx *c)
{
	return article_page(c, 0, NULL);
}

/* ---- an article's form, checked ---- */

struct draft {
	char		 slug[SLUG_MAX + 1];
	long long	 category;
	const char	*status;
	long long	 position;
	char		 title[NLANGS][TITLE_CHARS * 4 + 1];
	char		 body[NLANGS][BODY_CHARS * 4 + 1];	/* "": the language is out */
	char		 pagebuf[PAGES_MAX * (ROUTE_SLUG_MAX + 1)];
	const char	*pages[PAGES_MAX];
	size_t		 npages;
	const char	*err[F__N];
	size_t		 nerr;
};

static void
draft_error(struct draft *d, int field, const char *code)
{
	if (code != NULL && d->err[field] == NULL) {
		d->err[field] = code;
		d->nerr++;
	}
}

/*
 * A body as it is stored: without carriage returns (a browser sends a line
 * break as CRLF), blank lines before it and blanks after it left out.
 * NULL, or the error's code.
 */
static const char *
body_in(const struct ctx *c, const char *field, char *out, size_t cap)
{
	const char *v = form_raw(c, field);
	size_t n = 0, chars = 0;

	out[0] = '\0';
	if (in_bad(c, field))
		return "invalid";	/* not UTF-8, or a control character */
	if (blank(v))
		return NULL;
	while (*v == '\n' || *v == '\r')
		v++;
	for (; *v != '\0'; v++) {
		if (*v == '\r')
			continue;
		if ((((unsigned char)*v & 0xc0) != 0x80 && ++chars > BODY_CHARS) ||
		    n + 1 >= cap)
			return "too-long";
		out[n++] = *v;
	}
	while (n > 0 && strchr(" \t\n", out[n - 1]) != NULL)
		n--;
	out[n] = '\0';
	return NULL;
}

/* The pages an article is tied to: portal page names separated by blanks
 * or commas, each once. */
static void
pages_in(const struct ctx *c, struct draft *d)
{
	const char *v = form_raw(c, "pages"), *sep = " ,\t\r\n";
	char *p = d->pagebuf;
	size_t len, i;

	d->npages = 0;
	for (; v != NULL && *(v += strspn(v, sep)) != '\0'; v += len) {
		len = strcspn(v, sep);
		if (len > ROUTE_SLUG_MAX) {
			draft_error(d, F_PAGES, "invalid");
			return;
		}
		memcpy(p, v, len);
		p[len] = '\0';
		if (!portal_page(p)) {
			draft_error(d, F_PAGES, "invalid");
			return;
		}
		for (i = 0; i < d->npages && strcmp(d->pages[i], p) != 0; i++)
			;
		if (i < d->npages)
			continue;
		if (d->npages == PAGES_MAX) {
			draft_error(d, F_PAGES, "too-many");
			return;
		}
		d->pages[d->npages++] = p;
		p += len + 1;
	}
}

/* Reads and checks the article form into d; its category by code. 0, or
 * a db_rc. */
static int
draft_parse(struct ctx *c, struct draft *d)
{
	const char *v, *title, *code;
	struct dbrow row;
	int i, langs_in = 0, rc;

	memset(d, 0, sizeof(*d));
	draft_error(d, F_SLUG, word_in(form_raw(c, "slug"), SLUG_MAX, d->slug));
	v = form_raw(c, "category");
	if (blank(v))
		draft_error(d, F_CATEGORY, "required");
	else if ((rc = db_one(c->db, &stmts[Q_CAT_BY_CODE], &row, v)) < 0)
		return rc;
	else if (rc == 0 || parse_int(row.col[ID_ID], 1, INT64_MAX, &d->category) == -1)
		draft_error(d, F_CATEGORY, "invalid");
	d->status = form_raw(c, "status");
	if (list_index(statuses, d->status) < 0)
		draft_error(d, F_STATUS, "invalid");	/* "required": publishing nothing */
	draft_error(d, F_POSITION, position_in(form_raw(c, "position"), &d->position));
	for (i = 0; i < NLANGS; i++) {
		title = form_raw(c, article_fields[F_TITLE + i].name);
		code = body_in(c, article_fields[F_BODY + i].name, d->body[i],
		    sizeof(d->body[i]));
		draft_error(d, F_BODY + i, code);
		if (blank(title) && code == NULL && d->body[i][0] == '\0')
			continue;	/* the language is not in the article */
		langs_in++;
		draft_error(d, F_TITLE + i, valid_line(d->title[i], sizeof(d->title[i]),
		    title, TITLE_CHARS));
		if (code == NULL && d->body[i][0] == '\0')
			draft_error(d, F_BODY + i, "required");
	}
	/* The customers read it in some language, or nothing is there to read. */
	if (langs_in == 0 && d->status != NULL && strcmp(d->status, "published") == 0)
		draft_error(d, F_STATUS, "required");
	pages_in(c, d);
	return 0;
}

/* The texts and pages of article id as d has them. */
static int
draft_save(struct ctx *c, long long id, const struct draft *d)
{
	size_t i;
	int rc;

	for (i = 0; i < NLANGS; i++) {
		if (d->body[i][0] != '\0')
			rc = db_run(c->db, &stmts[Q_TEXT_SET], id, langs[i], d->title[i],
			    d->body[i]);
		else
			rc = db_run(c->db, &stmts[Q_TEXT_DEL], id, langs[i]);
		if (rc < 0)
			return rc;
	}
	if ((rc = db_run(c->db, &stmts[Q_PAGES_DEL], id)) < 0)
		return rc;
	for (i = 0; i < d->npages; i++)
		if ((rc = db_run(c->db, &stmts[Q_PAGE_ADD], id, d->pages[i])) < 0)
			return rc;
	return DB_OK;
}

/* The audit's detail: the slug (the old one too when it changed) and the
 * status. */
static int
draft_audit(struct ctx *c, const char *action, long long id, const char *old,
    const struct draft *d)
{
	char detail[2 * SLUG_MAX + 32];

	if (old != NULL && strcmp(old, d->slug) != 0)
		snprintf(detail, sizeof(detail), "%s -> %s %s", old, d->slug, d->status);
	else
		snprintf(detail, sizeof(detail), "%s %s", d->slug, d->status);
	return page_audit(c, action, "help-article", id, detail);
}

static int
create_txn(struct ctx *c, void *arg)
{
	const struct draft *d = arg;
	long long id;
	int rc;

	rc = db_run(c->db, &stmts[Q_ADD], d->slug, d->category, d->position, d->status,
	    c->staff.id, c->staff.id);
	if (rc == DB_DUPLICATE)
		return 409;	/* the slug is taken */
	if (rc < 0)
		return rc;
	id = db_insert_id(c->db, &stmts[Q_ADD]);
	if ((rc = draft_save(c, id, d)) < 0 ||
	    (rc = draft_audit(c, "help-article-add", id, NULL, d)) < 0)
		return rc;
	page_redirectf(c, ARTICLES "/%lld?done=article-created", id);
	return DB_OK;
}

static int
save_txn(struct ctx *c, void *arg)
{
	const struct draft *d = arg;
	char old[SLUG_MAX + 1];
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_LOCK], &row, c->ids[0])) <= 0)
		return rc < 0 ? rc : 404;
	snprintf(old, sizeof(old), "%s", row.col[LK_KEY]);
	rc = db_run(c->db, &stmts[Q_SET], d->slug, d->category, d->position, d->status,
	    c->staff.id, c->ids[0]);
	if (rc == DB_DUPLICATE)
		return 409;
	if (rc < 0 || (rc = draft_save(c, c->ids[0], d)) < 0 ||
	    (rc = draft_audit(c, "help-article-edit", c->ids[0], old, d)) < 0)
		return rc;
	page_redirectf(c, ARTICLES "/%lld?done=article-saved", c->ids[0]);
	return DB_OK;
}

/* A new article or an edit: bad input re-shows the form (400), a slug
 * another article has too (409); nothing is written. */
static int
article_change(struct ctx *c, int new)
{
	struct draft *d = ecalloc(1, sizeof(*d));
	int rc;

	if ((rc = draft_parse(c, d)) < 0) {
		rc = page_db_status(rc);
		goto out;
	}
	if (d->nerr == 0) {
		if ((rc = page_change(c, new ? create_txn : save_txn, d)) != 409)
			goto out;
		draft_error(d, F_SLUG, "exists");
		c->status = 409;
	} else
		c->status = 400;
	rc = article_page(c, new, d->err);
out:
	free(d);
	return rc;
}

static int
new_post(struct ctx *c)
{
	return article_change(c, 1);
}

static int
article_post(struct ctx *c)
{
	return article_change(c, 0);
}

/* ---- categories ---- */

/* The categories' page: each with its form; the one sent (form, its
 * fields and errors) when it is re-shown. */
static int
categories_page(struct ctx *c, const char *form, const struct field *fields,
    const char *const *err)
{
	int rc;

	page_begin(c, "admin-article-categories");
	if ((rc = categories_el(c, x_el(c->root, "categories"))) < 0)
		return page_db_status(rc);
	if (form != NULL)
		form_again(c, form, fields, err);
	return 0;
}

static int
categories_get(struct ctx *c)
{
	return categories_page(c, NULL, NULL, NULL);
}

struct category {
	char		 code[CODE_MAX + 1];
	char		 name[NLANGS][CAT_NAME_CHARS * 4 + 1];
	long long	 position;
	const char	*err[K__N];
	size_t		 nerr;
};

/* The names and position of the form (a new category's code too). */
static void
category_parse(const struct ctx *c, struct category *k, int new)
{
	const char *code;
	int i;

	memset(k, 0, sizeof(*k));
	if (new && (code = word_in(form_raw(c, "code"), CODE_MAX, k->code)) != NULL) {
		k->err[K_CODE] = code;
		k->nerr++;
	}
	for (i = 0; i < NLANGS; i++)
		if ((k->err[K_NAME + i] = valid_line(k->name[i], sizeof(k->name[i]),
		    form_raw(c, category_fields[K_NAME + i].name), CAT_NAME_CHARS)) != NULL)
			k->nerr++;
	if ((k->err[K_POSITION] = position_in(form_raw(c, "position"), &k->position)) !=
	    NULL)
		k->nerr++;
}

static int
names_save(struct ctx *c, long long id, const struct category *k)
{
	int i, rc;

	for (i = 0; i < NLANGS; i++)
		if ((rc = db_run(c->db, &stmts[Q_CAT_NAME_SET], id, langs[i], k->name[i])) < 0)
			return rc;
	return DB_OK;
}

static int
category_add_txn(struct ctx *c, void *arg)
{
	const struct category *k = arg;
	long long id;
	int rc;

	rc = db_run(c->db, &stmts[Q_CAT_ADD], k->code, k->position);
	if (rc == DB_DUPLICATE)
		return 409;	/* the code is taken */
	if (rc < 0)
		return rc;
	id = db_insert_id(c->db, &stmts[Q_CAT_ADD]);
	if ((rc = names_save(c, id, k)) < 0 ||
	    (rc = page_audit(c, "help-category-add", "help-category", id, k->code)) < 0)
		return rc;
	page_redirect(c, ARTICLES "/categories?done=category-created");
	return DB_OK;
}

static int
category_new_post(struct ctx *c)
{
	struct category k;
	int rc;

	category_parse(c, &k, 1);
	if (k.nerr == 0) {
		if ((rc = page_change(c, category_add_txn, &k)) != 409)
			return rc;
		k.err[K_CODE] = "exists";
		c->status = 409;
	} else
		c->status = 400;
	return categories_page(c, "articles-category-new", category_fields, k.err);
}

static int
category_set_txn(struct ctx *c, void *arg)
{
	const struct category *k = arg;
	char detail[CODE_MAX + 32];
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_CAT_LOCK], &row, c->ids[0])) <= 0)
		return rc < 0 ? rc : 404;
	snprintf(detail, sizeof(detail), "%s position %lld", row.col[LK_KEY], k->position);
	if ((rc = db_run(c->db, &stmts[Q_CAT_SET], k->position, c->ids[0])) < 0 ||
	    (rc = names_save(c, c->ids[0], k)) < 0 ||
	    (rc = page_audit(c, "help-category-edit", "help-category", c->ids[0],
	    detail)) < 0)
		return rc;
	page_redirect(c, ARTICLES "/categories?done=category-saved");
	return DB_OK;
}

static int
category_post(struct ctx *c)
{
	struct category k;
	char form[32];

	category_parse(c, &k, 0);
	if (k.nerr == 0)
		return page_change(c, category_set_txn, &k);
	c->status = 400;
	snprintf(form, sizeof(form), "articles-category-%lld", c->ids[0]);
	return categories_page(c, form, category_fields + 1, k.err + 1);
}

static const struct route routes[] = {
	{ ARTICLES, R_STAFF, "admin-articles", list_get, list_fields, NULL, NULL,
	    "articles" },
	{ ARTICLES "/new", R_STAFF | R_ONCE, "admin-article", new_get, NULL, new_post,
	    article_fields, "articles" },
	{ ARTICLES "/#", R_STAFF | R_ONCE, "admin-article", article_get, NULL, article_post,
	    article_fields, "articles" },
	{ ARTICLES "/categories", R_STAFF | R_ONCE, "admin-article-categories",
	    categories_get, NULL, category_new_post, category_fields, "articles" },
	{ ARTICLES "/categories/#", R_STAFF | R_ONCE, "admin-article-categories", NULL,
	    NULL, category_post, category_fields + 1, "articles" },
};

static const char *const pages[] = { "admin-articles", "admin-article",
	"admin-article-categories", NULL };
static const char *const flashes[] = { "article-created", "article-saved",
	"category-created", "category-saved", NULL };
static const struct menu_item menu[] = {
	{ ARTICLES, "admin.nav.articles", "articles" },
	{ NULL, NULL, NULL },
};

const struct module articles_module = {
	.name = "articles", .door = DOOR_ADMIN, .area = 1,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
