/*
 * Help articles, for every logged-in user. Not an area: nothing here is a
 * company's, so no member is granted or refused it. /help lists the
 * categories and their articles in the reader's language, searches the
 * titles and bodies of that language (?q=) and gives the articles of a
 * portal page (?page=NAME: every company page links its own, layout.xsl);
 * /help/SLUG is an article with "was this helpful?" (one vote per user,
 * a second replaces the first). A draft, or an article without a text in
 * the reader's language, is not found (404). The operator's staff write
 * the articles in the back office, on the same tables (010-help.sql).
 *
 * The search is LIKE, not FULLTEXT: every word of the query must be in the
 * title or the body, anywhere in a word, so that Norwegian and Danish
 * compounds are found by their parts ("bredbånd" in "mobilbredbånd",
 * "faktura" in "fakturaen"). InnoDB's FULLTEXT finds whole words or
 * prefixes only, leaves out words under three letters and applies an
 * English stopword list to every language. The articles are few (tens to
 * hundreds a language), so the scan is cheap; README has the figures.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

#define HELP_PREFIX		"/help/"	/* an article's path: the prefix, its slug */
#define HELP_Q_MAX		100	/* characters of a search */
#define HELP_WORDS		8	/* words of a search: the statement's WORDS() */
#define HELP_RESULTS		50	/* search hits shown */
#define HELP_SUMMARY_MAX	240	/* characters of a list's summary */
#define HELP_COMMENT_MAX	1000	/* characters, as help_feedback.comment */
/* A word's LIKE pattern: every byte escaped, a % on each side. */
#define HELP_PATTERN_MAX	(2 * HELP_Q_MAX * 4 + 3)

#define STR_(x)		#x
#define STR(x)		STR_(x)
#define WORDS(x)	x x x x x x x x		/* HELP_WORDS times */

/* An article of a list: its category, address, title and the start of its
 * first paragraph (one character more than shown: it says whether the
 * paragraph goes on). */
enum { LIST_CATEGORY, LIST_CATEGORY_NAME, LIST_SLUG, LIST_TITLE, LIST_SUMMARY,
	LIST__COLS };
#define HELP_LIST \
	"SELECT c.code, COALESCE(n.name, c.code), a.slug, t.title," \
	" LEFT(SUBSTRING_INDEX(REPLACE(t.body, '\\r', ''), '\\n\\n', 1), " \
	STR(HELP_SUMMARY_MAX) " + 1)" \
	" FROM help_articles a" \
	" JOIN help_article_texts t ON t.article_id = a.id AND t.lang = ?" \
	" JOIN help_categories c ON c.id = a.category_id" \
	" LEFT JOIN help_category_names n ON n.category_id = c.id AND n.lang = t.lang" \
	" WHERE a.status = 'published'"
#define HELP_ORDER	" c.position, c.id, a.position, t.title, a.id"
enum { ART_ID, ART_SLUG, ART_CATEGORY, ART_CATEGORY_NAME, ART_TITLE, ART_BODY,
	ART_UPDATED, ART_HELPFUL, ART_COMMENT, ART_VOTED, ART__COLS };
enum { PUB_ID, PUB__COLS };
enum { Q_HELP_INDEX, Q_HELP_FOR_PAGE, Q_HELP_SEARCH, Q_HELP_ARTICLE, Q_HELP_PUBLISHED,
	Q_HELP_VOTE };
static struct stmt stmts[] = {
	[Q_HELP_INDEX] = STMT("help.index", "s", LIST__COLS,
	    HELP_LIST " ORDER BY" HELP_ORDER),
	[Q_HELP_FOR_PAGE] = STMT("help.for_page", "ss", LIST__COLS,
	    HELP_LIST " AND EXISTS (SELECT 1 FROM help_article_pages p"
	    " WHERE p.article_id = a.id AND p.page = ?) ORDER BY" HELP_ORDER),
	/* Each word in the title or the body (a word has no line break, so
	 * it never spans the two); a word that is not there binds "%".
	 * general_ci: as case-blind as the table's unicode_ci, and a scan
	 * that finds nothing costs half (README). Titles with more of the
	 * words first. */
	[Q_HELP_SEARCH] = STMT("help.search", "sssssssssssssssssi", LIST__COLS,
	    HELP_LIST WORDS(" AND CONCAT(t.title, '\\n', t.body)"
	    " COLLATE utf8mb4_general_ci LIKE ?")
	    " ORDER BY 0" WORDS(" + (t.title LIKE ?)") " DESC," HELP_ORDER " LIMIT ?"),
	/* The article with the reader's own vote. */
	[Q_HELP_ARTICLE] = STMT("help.article", "sis", ART__COLS,
	    "SELECT a.id, a.slug, c.code, COALESCE(n.name, c.code), t.title, t.body,"
	    " DATE_FORMAT(GREATEST(a.updated_at, t.updated_at), '%Y-%m-%dT%H:%i:%s'),"
	    " f.helpful, f.comment, DATE_FORMAT(f.voted_at, '%Y-%m-%dT%H:%i:%s')"
	    " FROM help_articles a"
	    " JOIN help_article_texts t ON t.article_id = a.id AND t.lang = ?"
	    " JOIN help_categories c ON c.id = a.category_id"
	    " LEFT JOIN help_category_names n ON n.category_id = c.id AND n.lang = t.lang"
	    " LEFT JOIN help_feedback f ON f.article_id = a.id AND f.user_id = ?"
	    " WHERE a.slug = ? AND a.status = 'published'"),
	[Q_HELP_PUBLISHED] = STMT("help.published", "ss", PUB__COLS,
	    "SELECT a.id FROM help_articles a"
	    " JOIN help_article_texts t ON t.article_id = a.id AND t.lang = ?"
	    " WHERE a.slug = ? AND a.status = 'published'"),
	/* One vote per user and article: a second replaces the first. */
	[Q_HELP_VOTE] = STMT("help.vote", "iiiss", 0,
	    "INSERT INTO help_feedback (article_id, user_id, helpful, comment, lang)"
	    " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE helpful = VALUES(helpful),"
	    " comment = VALUES(comment), lang = VALUES(lang), voted_at = CURRENT_TIMESTAMP"),
};

static const struct field help_fields[] = {
	{ "q", V_TEXT, 0 },		/* bounded in characters by the handler */
	{ "page", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field vote_fields[] = {
	{ "helpful", V_WORD, 0 },
	{ "comment", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/*
 * The start of a first paragraph as a list shows it: up to
 * HELP_SUMMARY_MAX characters, cut after a whole word with "…" when the
 * paragraph goes on.
 */
static void
summary(char *out, size_t cap, const char *para)
{
	size_t n = 0, chars = 0, word = 0;

	for (; para[n] != '\0' && n + 1 < cap; n++) {
		if (((unsigned char)para[n] & 0xc0) != 0x80 && ++chars > HELP_SUMMARY_MAX)
			break;
		if (para[n] == ' ' || para[n] == '\n')
			word = n;
	}
	if (para[n] == '\0') {
		memcpy(out, para, n + 1);
		return;
	}
	if (word > 0)
		n = word;
	if (n + sizeof("…") > cap)
		n = cap - sizeof("…");
	while (n > 0 && ((unsigned char)para[n] & 0xc0) == 0x80)
		n--;	/* never half a character */
	memcpy(out, para, n);
	memcpy(out + n, "…", sizeof("…"));
}

/* <article slug><title/><summary/></article> from a row of a list. */
static void
article_el(xmlNodePtr parent, const struct dbrow *row)
{
	char sum[HELP_SUMMARY_MAX * 4 + sizeof("…")];
	xmlNodePtr a = x_el(parent, "article");

	x_attr(a, "slug", row->col[LIST_SLUG]);
	x_text(a, "title", row->col[LIST_TITLE]);
	summary(sum, sizeof(sum), row->col[LIST_SUMMARY]);
	x_text(a, "summary", sum);
}

/*
 * The words of a search as LIKE patterns, "%" for the slots left over:
 * how many there are, -1 for more than HELP_WORDS. q is at most
 * HELP_Q_MAX characters of UTF-8.
 */
static int
search_words(const char *q, char pat[HELP_WORDS][HELP_PATTERN_MAX])
{
	char word[HELP_Q_MAX * 4 + 1];
	size_t i, n, len;

	for (i = 0; i < HELP_WORDS; i++)
		memcpy(pat[i], "%", 2);
	for (n = 0; *(q += strspn(q, " \t\r\n")) != '\0'; q += len, n++) {
		len = strcspn(q, " \t\r\n");
		if (n == HELP_WORDS || len >= sizeof(word))
			return -1;
		memcpy(word, q, len);
		word[len] = '\0';
		db_like(word, pat[n], HELP_PATTERN_MAX);
	}
	return (int)n;
}

static int
search(struct ctx *c, xmlNodePtr help, const char *q,
    char pat[HELP_WORDS][HELP_PATTERN_MAX])
{
	struct stmt *st = &stmts[Q_HELP_SEARCH];
	xmlNodePtr list = x_el(help, "results");
	struct dbrow row;
	long long n = 0;
	int rc;

	x_attr(list, "q", q);
	if ((rc = db_run(c->db, st, c->lang, pat[0], pat[1], pat[2], pat[3], pat[4],
	    pat[5], pat[6], pat[7], pat[0], pat[1], pat[2], pat[3], pat[4], pat[5],
	    pat[6], pat[7], (long long)HELP_RESULTS + 1)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, st, &row)) == 1)
		if (++n <= HELP_RESULTS)
			article_el(list, &row);
		else
			x_attr(list, "more", "yes");
	x_attr_int(list, "count", n > HELP_RESULTS ? HELP_RESULTS : n);
	return rc;
}

/* The articles of a list statement already run, under parent. */
static int
articles(struct ctx *c, struct stmt *st, xmlNodePtr parent)
{
	struct dbrow row;
	int rc;

	while ((rc = db_fetch(c->db, st, &row)) == 1)
		article_el(parent, &row);
	return rc;
}

/* Every published article, by category. */
static int
categories(struct ctx *c, xmlNodePtr help)
{
	struct stmt *st = &stmts[Q_HELP_INDEX];
	xmlNodePtr list = x_el(help, "categories"), cat = NULL;
	char code[33] = "";
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, st, c->lang)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, st, &row)) == 1) {
		if (cat == NULL || strcmp(code, row.col[LIST_CATEGORY]) != 0) {
			snprintf(code, sizeof(code), "%s", row.col[LIST_CATEGORY]);
			cat = x_el(list, "category");
			x_attr(cat, "code", code);
			x_text(cat, "name", row.col[LIST_CATEGORY_NAME]);
		}
		article_el(cat, &row);
	}
	return rc;
}

/*
 * /help: the search form (a query too long, or of too many words, is
 * shown again with its error: 400) and its results, or the articles of
 * the page asked for, or else every category with its articles.
 */
static int
help_get(struct ctx *c)
{
	const char *q = in_get(c, "q"), *pg = in_get(c, "page"), *err = NULL;
	char pat[HELP_WORDS][HELP_PATTERN_MAX];
	xmlNodePtr help, form, list;
	int words = 0, rc;

	if (pg != NULL && !page_known(pg))
		return 400;
	if (!blank(q) && utf8_chars(q) > HELP_Q_MAX)
		err = "too-long";
	else if (!blank(q) && (words = search_words(q, pat)) < 0)
		err = "too-many";
	page_begin(c, "help");
	help = x_el(c->root, "help");
	form = form_el(help, "search");
	form_value(form, "q", q);
	if (err != NULL) {
		form_error(form, "q", err);
		c->status = 400;
	} else if (words > 0 && (rc = search(c, help, q, pat)) < 0)
		return page_db_status(rc);
	if (pg != NULL) {
		list = x_el(help, "page-help");
		x_attr(list, "page", pg);
		if ((rc = db_run(c->db, &stmts[Q_HELP_FOR_PAGE], c->lang, pg)) < 0 ||
		    (rc = articles(c, &stmts[Q_HELP_FOR_PAGE], list)) < 0)
			return page_db_status(rc);
	}
	if (blank(q) && pg == NULL && (rc = categories(c, help)) < 0)
		return page_db_status(rc);
	return 0;
}

/* The article of the path in the reader's language, the reader's vote and
 * the feedback form; 404 for a draft or an article of no such slug. */
static int
article_page(struct ctx *c, xmlNodePtr *form)
{
	const char *slug = c->req->path + strlen(HELP_PREFIX);
	xmlNodePtr a, v;
	struct dbrow row;
	int rc;

	rc = db_one(c->db, &stmts[Q_HELP_ARTICLE], &row, c->lang, c->sess.user_id, slug);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "help-article");
	a = x_el(c->root, "article");
	x_attr(a, "slug", row.col[ART_SLUG]);
	x_attr(x_text(a, "category", row.col[ART_CATEGORY_NAME]), "code",
	    row.col[ART_CATEGORY]);
	x_text(a, "title", row.col[ART_TITLE]);
	/* No company: the server's zone. */
	x_time(a, "updated", "", row.col[ART_UPDATED]);
	x_text(a, "body", row.col[ART_BODY]);
	if (row.col[ART_HELPFUL] != NULL) {
		v = x_el(a, "vote");
		x_attr(v, "helpful", strcmp(row.col[ART_HELPFUL], "0") != 0 ? "yes" : "no");
		x_time(v, "at", "", row.col[ART_VOTED]);
		x_text(v, "comment", row.col[ART_COMMENT]);
	}
	*form = form_el(c->root, "feedback");
	return 0;
}

static int
help_article_get(struct ctx *c)
{
	xmlNodePtr f;

	return article_page(c, &f);
}

struct vote {
	const char	*slug;
	long long	 helpful;
	const char	*comment;	/* NULL: none */
};

static int
vote_txn(struct ctx *c, void *arg)
{
	const struct vote *v = arg;
	struct dbrow row;
	long long id;
	int rc;

	rc = db_one(c->db, &stmts[Q_HELP_PUBLISHED], &row, c->lang, v->slug);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if (parse_int(row.col[PUB_ID], 1, INT64_MAX, &id) == -1)
		return DB_ERROR;
	if ((rc = db_run(c->db, &stmts[Q_HELP_VOTE], id, c->sess.user_id, v->helpful,
	    v->comment, c->lang)) < 0)
		return rc;
	if ((rc = page_audit(c, "help-feedback", "help-article", id,
	    v->helpful ? "helpful" : "not-helpful")) < 0)
		return rc;
	page_redirectf(c, HELP_PREFIX "%s?done=help-feedback", v->slug);
	return DB_OK;
}

/*
 * A comment without its carriage returns (browsers send a line break as
 * CRLF but count it as one character); -1 when it is longer than
 * HELP_COMMENT_MAX characters.
 */
static int
comment_copy(char *out, size_t cap, const char *raw)
{
	size_t n = 0, chars = 0;

	for (; *raw != '\0'; raw++) {
		if (*raw == '\r')
			continue;
		if ((((unsigned char)*raw & 0xc0) != 0x80 && ++chars > HELP_COMMENT_MAX) ||
		    n + 1 >= cap)
			return -1;
		out[n++] = *raw;
	}
	out[n] = '\0';
	return 0;
}

/* "Was this helpful?": yes or no, and a comment if the reader has one. */
static int
help_article_post(struct ctx *c)
{
	const char *helpful = in_get(c, "helpful"), *raw = in_get(c, "comment");
	const char *herr = NULL, *cerr = NULL;
	char comment[HELP_COMMENT_MAX * 4 + 1];
	struct vote v = { c->req->path + strlen(HELP_PREFIX), 0, NULL };
	xmlNodePtr f;
	int rc;

	if (blank(form_raw(c, "helpful")))
		herr = "required";
	else if (helpful != NULL && strcmp(helpful, "yes") == 0)
		v.helpful = 1;
	else if (helpful == NULL || strcmp(helpful, "no") != 0)
		herr = "invalid";
	if (raw != NULL && comment_copy(comment, sizeof(comment), raw) == -1)
		cerr = "too-long";
	else if (!blank(raw))
		v.comment = comment;
	if (herr == NULL && cerr == NULL)
		return page_change(c, vote_txn, &v);
	if ((rc = article_page(c, &f)) != 0)
		return rc;
	form_keep(c, f, "helpful");
	form_keep(c, f, "comment");
	if (herr != NULL)
		form_error(f, "helpful", herr);
	if (cerr != NULL)
		form_error(f, "comment", cerr);
	c->status = 400;
	return 0;
}

static const struct route routes[] = {
	{ "/help", R_LOGIN, "help", help_get, help_fields, NULL, NULL, NULL },
	{ HELP_PREFIX "*", R_LOGIN | R_ONCE, "help-article", help_article_get, NULL,
	    help_article_post, vote_fields, NULL },
};

static const char *const pages[] = { "help", "help-article", NULL };
static const char *const flashes[] = { "help-feedback", NULL };

const struct module help_module = {
	.name = "help", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
