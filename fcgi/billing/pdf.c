/*
 * The invoice PDF; see pdf.h.
 *
 * The document is laid out twice with the same code: the first pass only
 * measures (to know the number of pages for "Side 1 av 2"), the second
 * draws. Every piece of text goes through text(), which lays it out with
 * pango and draws it only in the second pass, so both passes break pages
 * at the same places.
 *
 * Values are read from the page as they are (canonical amounts and ISO
 * dates) and formatted here; a missing optional element leaves its line or
 * cell out, a value that is not canonical is shown as it is.
 */
#include "config.h"

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <libxml/tree.h>

#include "core/i18n.h"
#include "mail/mail.h"
#include "core/money.h"
#include "core/xml.h"
#include "billing/pdf.h"
#include "core/scoreboard.h"
#include "core/util.h"

/* A4 in points; content between the margins and above the footer. */
#define PAGE_W		595.276
#define PAGE_H		841.89
#define LEFT		50.0
#define RIGHT		(PAGE_W - 50.0)
#define WIDTH		(RIGHT - LEFT)
#define TOP		45.0
#define BOTTOM		(PAGE_H - 62.0)
#define FOOTER_Y	(PAGE_H - 45.0)
#define PAD		3.5		/* above and below a table row */

enum font { F_BODY, F_BOLD, F_SMALL, F_TABLE, F_TABLE_BOLD, F_NAME, F_BIG, F_TITLE, F_COUNT };
static const char *const font_names[F_COUNT] = {
	"DejaVu Sans 9", "DejaVu Sans Bold 9", "DejaVu Sans 7",
	"DejaVu Sans 8", "DejaVu Sans Bold 8", "DejaVu Sans Bold 12",
	"DejaVu Sans Bold 11", "DejaVu Sans Bold 20",
};

enum align { AL = PANGO_ALIGN_LEFT, AR = PANGO_ALIGN_RIGHT };

/* Grey levels. */
#define INK	0.10
#define GREY	0.40
#define RULE	0.75
#define SHADE	0.93

/* The line table: description, period, quantity, unit price, VAT %, net, gross. */
static const struct col {
	double		 x, w;
	enum align	 align;
	const char	*key;
} cols[] = {
	{ LEFT,		160, AL, "pdf.col.description" },
	{ LEFT + 166,	58, AL, "pdf.col.period" },
	{ LEFT + 226,	52, AR, "pdf.col.quantity" },
	{ LEFT + 282,	52, AR, "pdf.col.unit-price" },
	{ LEFT + 336,	30, AR, "pdf.col.vat-rate" },
	{ LEFT + 370,	60, AR, "pdf.col.net" },
	{ LEFT + 435,	WIDTH - 435, AR, "pdf.col.amount" },
};

struct pdf {
	cairo_t			*cr;
	PangoContext		*pc;
	PangoLayout		*layout;
	PangoFontDescription	*font[F_COUNT];
	const char		*lang;
	int			 draw;		/* 0: measuring pass */
	int			 page, pages;

	xmlNode			*inv, *issuer, *customer;
	int			 credit;	/* a credit note */
	const char		*currency;

	xmlChar			**owned;	/* values read, freed at the end */
	size_t			 nowned, capowned;
};

/* ---- reading the page ------------------------------------------------ */

static xmlNode *
next_sibling(xmlNode *n, const char *name)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

static const char *
keep(struct pdf *p, xmlChar *s)
{
	if (s == NULL)
		return NULL;
	if (*s == '\0') {
		xmlFree(s);
		return NULL;
	}
	if (p->nowned == p->capowned) {
		p->capowned = p->capowned ? p->capowned * 2 : 64;
		p->owned = erealloc(p->owned, p->capowned * sizeof(*p->owned));
	}
	p->owned[p->nowned++] = s;
	return (const char *)s;
}

/* The text of parent's first child element name; NULL when missing or empty. */
static const char *
val(struct pdf *p, const xmlNode *parent, const char *name)
{
	xmlNode *n = x_child(parent, name);

	return n ? keep(p, xmlNodeGetContent(n)) : NULL;
}

/* The texts of every child element name of parent, joined with ", " into
 * out; NULL when there is none. */
static const char *
vals(struct pdf *p, const xmlNode *parent, const char *name, char *out, size_t len)
{
	xmlNode *n;
	const char *t;
	size_t at = 0;

	out[0] = '\0';
	for (n = x_child(parent, name); n != NULL && at + 1 < len;
	    n = next_sibling(n, name)) {
		if ((t = keep(p, xmlNodeGetContent(n))) == NULL)
			continue;
		snprintf(out + at, len - at, "%s%s", at ? ", " : "", t);
		at += strlen(out + at);
	}
	return out[0] ? out : NULL;
}

static const char *
attr(struct pdf *p, const xmlNode *n, const char *name)
{
	return n ? keep(p, xmlGetProp(n, BAD_CAST name)) : NULL;
}

/* ---- formatting ------------------------------------------------------ */

static const char *
T(struct pdf *p, const char *key)
{
	return i18n_get(p->lang, key);
}

/* An amount for a table cell (no currency) or a total (with it). */
static const char *
amount(struct pdf *p, const char *s, const char *currency, char *out, size_t n)
{
	long long minor;
	size_t len;

	if (s == NULL)
		return NULL;
	if (money_parse(s, &minor) == -1) {
		snprintf(out, n, "%s", s);
		return out;
	}
	money_local(out, n, p->lang, minor, currency ? currency : "");
	len = strlen(out);
	while (len > 0 && out[len - 1] == ' ')
		out[--len] = '\0';
	return out;
}

static const char *
date(struct pdf *p, const char *iso, char *out, size_t n)
{
	if (iso == NULL)
		return NULL;
	if (date_local(out, n, p->lang, iso) == -1)
		snprintf(out, n, "%s", iso);
	return out;
}

/* "25.00" → "25 %" (nb, da) or "25%" (en); "12.50" → "12,50 %". */
static const char *
percent(struct pdf *p, const char *s, char *out, size_t n)
{
	char num[32];
	long long minor;
	int en = strcmp(p->lang, "en") == 0;

	if (s == NULL)
		return NULL;
	if (money_parse(s, &minor) == -1)
		snprintf(num, sizeof(num), "%s", s);
	else if (minor % 100 == 0)
		snprintf(num, sizeof(num), "%lld", minor / 100);
	else
		amount(p, s, NULL, num, sizeof(num));
	snprintf(out, n, "%s%s%%", num, en ? "" : "\xc2\xa0");
	return out;
}

/* A plain decimal for people: "1.5" → "1,5" except in English. */
static void
decimal(struct pdf *p, const char *s, char *out, size_t n)
{
	char *c;

	snprintf(out, n, "%s", s);
	if (strcmp(p->lang, "en") != 0 && (c = strchr(out, '.')) != NULL)
		*c = ',';
}

/* "2025-12" → "desember 2025"; anything else as it is. */
static const char *
month(struct pdf *p, const char *s, char *out, size_t n)
{
	const char *names = T(p, "pdf.months"), *w, *e;
	int m, i;

	if (s == NULL)
		return NULL;
	snprintf(out, n, "%s", s);
	if (strlen(s) != 7 || s[4] != '-' || s[5] < '0' || s[5] > '1' ||
	    s[6] < '0' || s[6] > '9')
		return out;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (m < 1 || m > 12)
		return out;
	for (w = names, i = 1; i < m && w != NULL; i++)
		if ((w = strchr(w, ' ')) != NULL)
			w++;
	if (w == NULL || *w == '\0')
		return out;
	e = strchr(w, ' ');
	snprintf(out, n, "%.*s %.4s", e ? (int)(e - w) : (int)strlen(w), w, s);
	return out;
}

/* The template with each {name} replaced by its value (i18n_fill), in the caller's buffer. */
static const char *
fill(struct buf *b, const char *tmpl, const char *const *vars)
{
	b->len = 0;
	i18n_fill(b, tmpl, vars);
	return b->p ? b->p : "";
}

/* ---- drawing --------------------------------------------------------- */

static void
grey(struct pdf *p, double g)
{
	cairo_set_source_rgb(p->cr, g, g, g);
}

/*
 * Lays out s in font f, w points wide (wrapping) and aligned; draws it at
 * (x, y) in the drawing pass; returns its height. NULL or "" is nothing.
 */
static double
text(struct pdf *p, double x, double y, double w, enum font f, enum align al,
    const char *s)
{
	int pw, ph;

	if (s == NULL || *s == '\0')
		return 0;
	pango_layout_set_font_description(p->layout, p->font[f]);
	pango_layout_set_width(p->layout, (int)(w * PANGO_SCALE));
	pango_layout_set_alignment(p->layout, (PangoAlignment)al);
	pango_layout_set_text(p->layout, s, -1);
	pango_layout_get_size(p->layout, &pw, &ph);
	if (p->draw) {
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->layout);
	}
	return (double)ph / PANGO_SCALE;
}

static void
rule(struct pdf *p, double x0, double x1, double y, double width, double g)
{
	if (!p->draw)
		return;
	grey(p, g);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
	grey(p, INK);
}

static void
box(struct pdf *p, double x, double y, double w, double h, double fill_g,
    double line_g)
{
	if (!p->draw)
		return;
	cairo_rectangle(p->cr, x, y, w, h);
	if (fill_g >= 0) {
		grey(p, fill_g);
		cairo_fill_preserve(p->cr);
	}
	if (line_g >= 0) {
		grey(p, line_g);
		cairo_set_line_width(p->cr, 0.6);
		cairo_stroke(p->cr);
	}
	cairo_new_path(p->cr);
	grey(p, INK);
}

static double
max2(double a, double b)
{
	return a > b ? a : b;
}

/* ---- the parts of the page -------------------------------------------- */

static void
footer(struct pdf *p)
{
	char page[16], pages[16];
	const char *vars[] = { "page", page, "pages", pages, NULL };
	struct buf left = { 0 }, num = { 0 };
	const char *name = val(p, p->issuer, "name");
	const char *street = val(p, p->issuer, "street");
	const char *postcode = val(p, p->issuer, "postcode");
	const char *city = val(p, p->issuer, "city");
	const char *orgnr = val(p, p->issuer, "orgnr");
	const char *email = val(p, p->issuer, "email");

	if (!p->draw)
		return;
	snprintf(page, sizeof(page), "%d", p->page);
	snprintf(pages, sizeof(pages), "%d", p->pages);
	if (name)
		buf_puts(&left, name);
	if (street || postcode || city)
		buf_printf(&left, "%s%s%s%s%s%s", left.len ? " · " : "",
		    street ? street : "", street && (postcode || city) ? ", " : "",
		    postcode ? postcode : "", postcode && city ? " " : "", city ? city : "");
	if (orgnr)
		buf_printf(&left, "%s%s %s", left.len ? " · " : "", T(p, "pdf.orgnr"), orgnr);
	if (email)
		buf_printf(&left, "%s%s", left.len ? " · " : "", email);
	rule(p, LEFT, RIGHT, FOOTER_Y - 4, 0.5, RULE);
	grey(p, GREY);
	text(p, LEFT, FOOTER_Y, WIDTH - 90, F_SMALL, AL, left.p);
	text(p, RIGHT - 85, FOOTER_Y, 85, F_SMALL, AR,
	    fill(&num, T(p, "pdf.page"), vars));
	grey(p, INK);
	buf_free(&left);
	buf_free(&num);
}

static const char *
title(struct pdf *p)
{
	return T(p, p->credit ? "pdf.title.credit-note" : "pdf.title.invoice");
}

/* Issuer, title, customer and the info box; returns where the table starts. */
static double
first_header(struct pdf *p)
{
	char b[128], d1[32], d2[32], m[64], cn[128];
	double yl = TOP, yc, yi, bh, ih, x = LEFT + 285, w = WIDTH - 285;
	const char *postcode = val(p, p->issuer, "postcode");
	const char *city = val(p, p->issuer, "city");
	const char *v;
	xmlNode *n;
	struct { const char *label, *value; } info[10];
	size_t ninfo = 0, i;
	int draw;

	/* Issuer, top left. */
	yl += text(p, LEFT, yl, 280, F_NAME, AL, val(p, p->issuer, "name")) + 2;
	yl += text(p, LEFT, yl, 280, F_BODY, AL, val(p, p->issuer, "street"));
	if (postcode || city) {
		snprintf(b, sizeof(b), "%s%s%s", postcode ? postcode : "",
		    postcode && city ? " " : "", city ? city : "");
		yl += text(p, LEFT, yl, 280, F_BODY, AL, b);
	}
	if ((v = val(p, p->issuer, "orgnr")) != NULL) {
		snprintf(b, sizeof(b), "%s %s", T(p, "pdf.orgnr"), v);
		yl += text(p, LEFT, yl, 280, F_BODY, AL, b);
	}
	if ((v = val(p, p->issuer, "vat-id")) != NULL) {
		snprintf(b, sizeof(b), "%s %s", T(p, "pdf.vat-id"), v);
		yl += text(p, LEFT, yl, 280, F_BODY, AL, b);
	}
	if ((v = val(p, p->issuer, "email")) != NULL) {
		snprintf(b, sizeof(b), "%s %s", T(p, "pdf.email"), v);
		yl += text(p, LEFT, yl, 280, F_BODY, AL, b);
	}

	/* Title, top right. */
	cairo_set_source_rgb(p->cr, 0.08, 0.22, 0.40);
	text(p, RIGHT - 250, TOP - 4, 250, F_TITLE, AR, title(p));
	grey(p, INK);

	/* Customer, where a window envelope shows it. */
	yc = max2(yl + 28, 150);
	if ((n = p->customer) != NULL) {
		const char *cp = val(p, n, "postcode"), *cc = val(p, n, "city");
		const char *country = val(p, n, "country");
		const char *own = val(p, p->issuer, "country");

		yc += text(p, LEFT, yc, 260, F_BOLD, AL, val(p, n, "name")) + 1;
		if ((v = val(p, n, "street")) != NULL)
			yc += text(p, LEFT, yc, 260, F_BODY, AL, v);
		else
			yc += text(p, LEFT, yc, 260, F_BODY, AL, val(p, n, "address"));
		if (cp || cc) {
			snprintf(b, sizeof(b), "%s%s%s", cp ? cp : "", cp && cc ? " " : "",
			    cc ? cc : "");
			yc += text(p, LEFT, yc, 260, F_BODY, AL, b);
		}
		if (country && (own == NULL || strcmp(country, own) != 0))
			yc += text(p, LEFT, yc, 260, F_BODY, AL, country);
		yc += 6;
		if ((v = val(p, n, "orgnr")) != NULL) {
			snprintf(b, sizeof(b), "%s %s", T(p, "pdf.orgnr"), v);
			yc += text(p, LEFT, yc, 260, F_BODY, AL, b);
		}
		if ((v = attr(p, n, "account")) != NULL) {
			snprintf(b, sizeof(b), "%s %s", T(p, "pdf.customer-account"), v);
			yc += text(p, LEFT, yc, 260, F_BODY, AL, b);
		}
	}

	/* The info box, right of the customer. */
#define INFO(k, v) do { if ((v) != NULL && ninfo < COUNTOF(info)) { \
	info[ninfo].label = T(p, k); info[ninfo++].value = (v); } } while (0)
	INFO(p->credit ? "pdf.number.credit-note" : "pdf.number.invoice",
	    val(p, p->inv, "number"));
	INFO(p->credit ? "pdf.date.credit-note" : "pdf.date.invoice",
	    date(p, val(p, p->inv, "date"), d1, sizeof(d1)));
	if (!p->credit)
		INFO("pdf.due", date(p, val(p, p->inv, "due"), d2, sizeof(d2)));
	INFO("pdf.period", month(p, val(p, p->inv, "period"), m, sizeof(m)));
	if (!p->credit) {
		INFO("pdf.payment-ref", val(p, p->inv, "payment-ref"));
		INFO("pdf.bank-account", val(p, p->issuer, "bank-account"));
	}
	INFO("pdf.credits", val(p, p->inv, "credits"));
	INFO("pdf.credited-by", vals(p, p->inv, "credited-by", cn, sizeof(cn)));
#undef INFO
	/* Measure, then shade and draw. */
	draw = p->draw;
	for (ih = 8, p->draw = 0, i = 0; i < ninfo; i++)
		ih += max2(text(p, 0, 0, 98, F_BODY, AL, info[i].label),
		    text(p, 0, 0, w - 112, F_BOLD, AR, info[i].value)) + 2;
	ih += 6;
	p->draw = draw;
	box(p, x, 150 - 8, w, ih, SHADE, -1);
	for (yi = 150, i = 0; i < ninfo; i++) {
		grey(p, GREY);
		bh = text(p, x + 8, yi, 98, F_BODY, AL, info[i].label);
		grey(p, INK);
		bh = max2(bh, text(p, x + 104, yi, w - 112, F_BOLD, AR, info[i].value));
		yi += bh + 2;
	}
	return max2(yc, 150 - 8 + ih) + 26;
}

/* Later pages: who, what and for whom, in one band. */
static double
next_header(struct pdf *p)
{
	char b[160];
	double y = TOP;
	const char *num = val(p, p->inv, "number");
	const char *cname = val(p, p->customer, "name");
	const char *acct = attr(p, p->customer, "account");

	text(p, LEFT, y, 280, F_NAME, AL, val(p, p->issuer, "name"));
	snprintf(b, sizeof(b), "%s %s", title(p), num ? num : "");
	cairo_set_source_rgb(p->cr, 0.08, 0.22, 0.40);
	y += text(p, RIGHT - 250, y, 250, F_NAME, AR, b) + 3;
	grey(p, GREY);
	if (cname || acct) {
		snprintf(b, sizeof(b), "%s%s%s %s", cname ? cname : "", cname ? " · " : "",
		    acct ? T(p, "pdf.customer-account") : "", acct ? acct : "");
		y += text(p, RIGHT - 300, y, 300, F_BODY, AR, b);
	}
	grey(p, INK);
	return y + 22;
}

static double
table_header(struct pdf *p, double y)
{
	double h = 0;
	size_t i;
	int draw = p->draw;

	p->draw = 0;
	for (i = 0; i < COUNTOF(cols); i++)
		h = max2(h, text(p, 0, 0, cols[i].w, F_TABLE_BOLD, cols[i].align,
		    T(p, cols[i].key)));
	p->draw = draw;
	box(p, LEFT - 4, y, WIDTH + 8, h + 2 * PAD + 1, SHADE, -1);
	for (i = 0; i < COUNTOF(cols); i++)
		text(p, cols[i].x, y + PAD, cols[i].w, F_TABLE_BOLD, cols[i].align,
		    T(p, cols[i].key));
	rule(p, LEFT - 4, RIGHT + 4, y + h + 2 * PAD + 1, 0.8, GREY);
	return y + h + 2 * PAD + 1;
}

/* "Abonnement TSN-1 · Lokasjon 11001 Internett MBE · Bruker … · Kostnadssted …" */
static void
details(struct pdf *p, xmlNode *line, struct buf *b)
{
	xmlNode *loc = x_child(line, "location");
	const char *ref = val(p, x_child(line, "subscription"), "ref");
	const char *lnum = val(p, loc, "number"), *lname = val(p, loc, "name");
	const char *user = val(p, line, "user"), *cc = val(p, line, "cost-centre");

	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
	if (ref)
		buf_printf(b, "%s %s", T(p, "pdf.subscription"), ref);
	if (lnum || lname)
		buf_printf(b, "%s%s %s%s%s", b->len ? " · " : "", T(p, "pdf.location"),
		    lnum ? lnum : "", lnum && lname ? " " : "", lname ? lname : "");
	if (user)
		buf_printf(b, "%s%s %s", b->len ? " · " : "", T(p, "pdf.user"), user);
	if (cc)
		buf_printf(b, "%s%s %s", b->len ? " · " : "", T(p, "pdf.cost-centre"), cc);
}

/* One line of the invoice at y; returns its height. */
static double
row(struct pdf *p, xmlNode *line, double y)
{
	char period[80], d1[32], d2[32], qty[64], q[24], bq[24], price[48], vat[24],
	    net[48], gross[48];
	struct buf det = { 0 };
	const char *from = date(p, val(p, line, "from"), d1, sizeof(d1));
	const char *to = date(p, val(p, line, "to"), d2, sizeof(d2));
	xmlNode *qn = x_child(line, "quantity");
	const char *qv = val(p, line, "quantity"), *unit = attr(p, qn, "unit");
	const char *base = val(p, line, "base-quantity"), *ulabel = NULL;
	double h1, h;

	if (from && to && strcmp(from, to) != 0)
		snprintf(period, sizeof(period), "%s–%s", from, to);
	else
		snprintf(period, sizeof(period), "%s", from ? from : to ? to : "");

	qty[0] = '\0';
	if (unit && strcmp(unit, "month") == 0)
		ulabel = T(p, "pdf.unit.month");
	else if (unit && strcmp(unit, "day") == 0)
		ulabel = T(p, "pdf.unit.day");
	else if (unit && strcmp(unit, "piece") == 0)
		ulabel = T(p, "pdf.unit.piece");
	else
		ulabel = unit;
	if (qv) {
		decimal(p, qv, q, sizeof(q));
		if (base && unit && strcmp(unit, "day") == 0 && strcmp(base, qv) != 0) {
			decimal(p, base, bq, sizeof(bq));
			snprintf(qty, sizeof(qty), "%s/%s %s", q, bq, ulabel ? ulabel : "");
		} else
			snprintf(qty, sizeof(qty), "%s%s%s", q, ulabel ? " " : "",
			    ulabel ? ulabel : "");
	}

	details(p, line, &det);
	h1 = text(p, cols[0].x, y + PAD, cols[0].w, F_TABLE, AL, val(p, line, "description"));
	if (det.len) {
		grey(p, GREY);
		h1 += 1 + text(p, cols[0].x, y + PAD + h1 + 1, cols[0].w, F_SMALL, AL, det.p);
		grey(p, INK);
	}
	h = h1;
	h = max2(h, text(p, cols[1].x, y + PAD, cols[1].w, F_TABLE, AL, period));
	h = max2(h, text(p, cols[2].x, y + PAD, cols[2].w, F_TABLE, AR, qty));
	h = max2(h, text(p, cols[3].x, y + PAD, cols[3].w, F_TABLE, AR,
	    amount(p, val(p, line, "unit-price"), NULL, price, sizeof(price))));
	h = max2(h, text(p, cols[4].x, y + PAD, cols[4].w, F_TABLE, AR,
	    percent(p, val(p, line, "vat-rate"), vat, sizeof(vat))));
	h = max2(h, text(p, cols[5].x, y + PAD, cols[5].w, F_TABLE, AR,
	    amount(p, val(p, line, "net"), NULL, net, sizeof(net))));
	h = max2(h, text(p, cols[6].x, y + PAD, cols[6].w, F_TABLE, AR,
	    amount(p, val(p, line, "amount"), NULL, gross, sizeof(gross))));
	h += 2 * PAD;
	rule(p, LEFT - 4, RIGHT + 4, y + h, 0.4, RULE);
	buf_free(&det);
	return h;
}

/* A label and an amount in the totals column; returns the height. */
static double
total_row(struct pdf *p, double y, const char *label, const char *value, int strong)
{
	double x = LEFT + 270, w = WIDTH - 270, h;

	if (value == NULL)
		return 0;
	h = text(p, x, y, w - 110, strong ? F_BIG : F_BODY, AL, label);
	return max2(h, text(p, x + w - 120, y, 120, strong ? F_BIG : F_BODY, AR,
	    value)) + 3;
}

/* VAT summary, totals and payment information; returns the height. */
static double
summary(struct pdf *p, double y0)
{
	char b1[64], b2[64], b3[64], due[32];
	struct buf s = { 0 };
	const char *curvars[] = { "currency", p->currency ? p->currency : "", NULL };
	const char *total = val(p, p->inv, "total"), *paid = val(p, p->inv, "paid");
	const char *remaining = val(p, p->inv, "remaining");
	const char *credited = val(p, p->inv, "credited");
	const char *account = val(p, p->issuer, "bank-account");
	const char *kid = val(p, p->inv, "payment-ref");
	const char *iban = val(p, p->issuer, "iban"), *bic = val(p, p->issuer, "bic");
	const char *overdue = attr(p, p->inv, "overdue");
	const char *topay = remaining ? remaining : total;
	long long paid_minor = 0, topay_minor = 1, credited_minor = 0;
	double yl = y0, yr = y0, y, w3 = 70;
	xmlNode *r;

	if (paid)
		(void)money_parse(paid, &paid_minor);
	if (credited)
		(void)money_parse(credited, &credited_minor);
	if (topay)
		(void)money_parse(topay, &topay_minor);

	/* VAT per rate, left. */
	if ((r = x_child(x_child(p->inv, "vat-summary"), "rate")) != NULL) {
		yl += text(p, LEFT, yl, 230, F_BOLD, AL, T(p, "pdf.vat-summary")) + 3;
		grey(p, GREY);
		text(p, LEFT, yl, w3, F_TABLE, AL, T(p, "pdf.vat-summary.rate"));
		text(p, LEFT + w3, yl, w3, F_TABLE, AR, T(p, "pdf.vat-summary.base"));
		yl += text(p, LEFT + 2 * w3, yl, w3, F_TABLE, AR,
		    T(p, "pdf.vat-summary.vat")) + 2;
		grey(p, INK);
		rule(p, LEFT, LEFT + 3 * w3, yl, 0.4, RULE);
		yl += 2;
		for (; r; r = next_sibling(r, "rate")) {
			double h;

			h = text(p, LEFT, yl, w3, F_TABLE, AL,
			    percent(p, attr(p, r, "percent"), b1, sizeof(b1)));
			h = max2(h, text(p, LEFT + w3, yl, w3, F_TABLE, AR,
			    amount(p, val(p, r, "base"), NULL, b2, sizeof(b2))));
			h = max2(h, text(p, LEFT + 2 * w3, yl, w3, F_TABLE, AR,
			    amount(p, val(p, r, "vat"), NULL, b3, sizeof(b3))));
			yl += h + 2;
		}
		yl += 4;
	}
	if (p->currency) {
		grey(p, GREY);
		yl += text(p, LEFT, yl, 230, F_SMALL, AL,
		    fill(&s, T(p, "pdf.currency"), curvars));
		grey(p, INK);
	}

	/* Totals, right. */
	yr += total_row(p, yr, T(p, "pdf.total.net"),
	    amount(p, val(p, p->inv, "net"), NULL, b1, sizeof(b1)), 0);
	yr += total_row(p, yr, T(p, "pdf.total.vat"),
	    amount(p, val(p, p->inv, "vat"), NULL, b2, sizeof(b2)), 0);
	rule(p, LEFT + 270, RIGHT, yr + 1, 0.8, INK);
	yr += 5;
	yr += total_row(p, yr, T(p, p->credit ? "pdf.total.credit-note" :
	    paid_minor != 0 || credited_minor != 0 ? "pdf.total.amount" :
	    "pdf.total.invoice"), amount(p, total, p->currency, b3, sizeof(b3)),
	    paid_minor == 0 && credited_minor == 0);
	if (paid_minor != 0 || credited_minor != 0) {
		if (credited_minor != 0)
			yr += total_row(p, yr, T(p, "pdf.credited"),
			    amount(p, credited, NULL, b3, sizeof(b3)), 0);
		yr += total_row(p, yr, T(p, "pdf.paid"),
		    amount(p, paid, NULL, b1, sizeof(b1)), 0);
		rule(p, LEFT + 270, RIGHT, yr + 1, 0.8, INK);
		yr += 5;
		yr += total_row(p, yr, T(p, "pdf.remaining"),
		    amount(p, remaining, p->currency, b2, sizeof(b2)), 1);
	}

	/* Payment information across the page. */
	y = max2(yl, yr) + 22;
	if (p->credit) {
		y += text(p, LEFT, y, WIDTH, F_BODY, AL, T(p, "pdf.pay.credit-note"));
	} else if (topay_minor == 0) {
		const char *status = attr(p, p->inv, "status");

		/* Nothing to pay because credit notes took all of it: not "paid". */
		y += text(p, LEFT, y, WIDTH, F_BOLD, AL, T(p, status != NULL &&
		    strcmp(status, "credited") == 0 ? "pdf.pay.credited" : "pdf.pay.paid"));
	} else {
		const char *due_s = date(p, val(p, p->inv, "due"), due, sizeof(due));
		const char *pay[] = { "account", account ? account : "", "due",
		    due_s ? due_s : "", "kid", kid ? kid : "", NULL };
		const char *foreign[] = { "iban", iban ? iban : "", "bic", bic ? bic : "", NULL };
		struct { const char *label, *value; double x, w; } cell[] = {
			{ T(p, "pdf.bank-account"), account, 0, 120 },
			{ T(p, "pdf.payment-ref"), kid, 120, 150 },
			{ T(p, "pdf.pay.amount"), amount(p, topay, p->currency, b1, sizeof(b1)), 270, 120 },
			{ T(p, "pdf.due"), due_s, 390, WIDTH - 16 - 390 },
		};
		const char *pay_key = kid ? "pdf.pay.text" : "pdf.pay.text-no-kid";
		double top = y, hl = 0, hv = 0, yb;
		size_t i;
		int draw = p->draw;

		p->draw = 0;
		for (i = 0; i < COUNTOF(cell); i++) {
			hl = max2(hl, text(p, 0, 0, cell[i].w - 6, F_SMALL, AL, cell[i].label));
			hv = max2(hv, text(p, 0, 0, cell[i].w - 6, F_BIG, AL, cell[i].value));
		}
		yb = top + 8;
		yb += text(p, 0, 0, WIDTH - 16, F_BOLD, AL, T(p, "pdf.pay.title")) + 6;
		yb += hl + 1 + hv + 8;
		if (account && due_s)
			yb += text(p, 0, 0, WIDTH - 16, F_BODY, AL, fill(&s, T(p, pay_key), pay));
		if (iban || bic)
			yb += 2 + text(p, 0, 0, WIDTH - 16, F_BODY, AL,
			    fill(&s, T(p, "pdf.pay.foreign"), foreign));
		if (overdue && strcmp(overdue, "yes") == 0)
			yb += 4 + text(p, 0, 0, WIDTH - 16, F_BOLD, AL, T(p, "pdf.pay.overdue"));
		yb += 8;
		p->draw = draw;

		box(p, LEFT - 4, top, WIDTH + 8, yb - top, 0.97, GREY);
		y = top + 8;
		y += text(p, LEFT + 4, y, WIDTH - 16, F_BOLD, AL, T(p, "pdf.pay.title")) + 6;
		for (i = 0; i < COUNTOF(cell); i++) {
			if (cell[i].value == NULL)
				continue;
			grey(p, GREY);
			text(p, LEFT + 4 + cell[i].x, y, cell[i].w - 6, F_SMALL, AL, cell[i].label);
			grey(p, INK);
			text(p, LEFT + 4 + cell[i].x, y + hl + 1, cell[i].w - 6, F_BIG, AL,
			    cell[i].value);
		}
		y += hl + 1 + hv + 8;
		if (account && due_s)
			y += text(p, LEFT + 4, y, WIDTH - 16, F_BODY, AL,
			    fill(&s, T(p, pay_key), pay));
		if (iban || bic)
			y += 2 + text(p, LEFT + 4, y + 2, WIDTH - 16, F_BODY, AL,
			    fill(&s, T(p, "pdf.pay.foreign"), foreign));
		if (overdue && strcmp(overdue, "yes") == 0) {
			cairo_set_source_rgb(p->cr, 0.70, 0.05, 0.05);
			y += 4 + text(p, LEFT + 4, y + 4, WIDTH - 16, F_BOLD, AL,
			    T(p, "pdf.pay.overdue"));
			grey(p, INK);
		}
		y += 8;
	}
	buf_free(&s);
	return y - y0;
}

static void
end_page(struct pdf *p)
{
	footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
}

/* The whole document, in either pass. */
static void
layout(struct pdf *p)
{
	xmlNode *line;
	double y, h;
	int draw = p->draw, rows = 0;

	p->page = 1;
	y = first_header(p);
	y = table_header(p, y);
	for (line = x_child(x_child(p->inv, "lines"), "line"); line;
	    line = next_sibling(line, "line")) {
		p->draw = 0;
		h = row(p, line, y);
		p->draw = draw;
		if (y + h > BOTTOM && rows > 0) {
			end_page(p);
			p->page++;
			y = table_header(p, next_header(p));
			rows = 0;
		}
		y += row(p, line, y);
		rows++;
	}
	y += 14;
	p->draw = 0;
	h = summary(p, y);
	p->draw = draw;
	if (y + h > BOTTOM) {
		end_page(p);
		p->page++;
		y = next_header(p);
	}
	summary(p, y);
	end_page(p);
}

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

int
pdf_invoice(const xmlDoc *page, const char *lang, struct buf *out)
{
	struct pdf p;
	xmlNode *root = xmlDocGetRootElement(page);
	cairo_surface_t *surface;
	cairo_font_options_t *fo;
	const char *kind;
	size_t start = out->len, i;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	if (root == NULL)
		return -1;
	p.inv = xmlStrEqual(root->name, BAD_CAST "invoice") ? root : x_child(root, "invoice");
	if (p.inv == NULL)
		return -1;
	if ((p.lang = i18n_lang(lang)) == NULL) {
		xmlChar *pl = xmlGetProp(root, BAD_CAST "lang");

		p.lang = i18n_lang((const char *)pl);
		xmlFree(pl);
		if (p.lang == NULL)
			p.lang = "nb";
	}
	p.issuer = x_child(p.inv, "issuer");
	p.customer = x_child(p.inv, "customer");
	kind = attr(&p, p.inv, "kind");
	p.credit = kind != NULL && strcmp(kind, "credit-note") == 0;
	p.currency = val(&p, p.inv, "currency");

	surface = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
	p.cr = cairo_create(surface);
	p.pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	pango_cairo_update_context(p.cr, p.pc);
	pango_cairo_context_set_resolution(p.pc, 72);	/* points, not pixels */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_font_options_destroy(fo);
	p.layout = pango_layout_new(p.pc);
	pango_layout_set_wrap(p.layout, PANGO_WRAP_WORD_CHAR);
	for (i = 0; i < F_COUNT; i++)
		p.font[i] = pango_font_description_from_string(font_names[i]);

#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
	{
		char t[128];
		const char *num = val(&p, p.inv, "number"), *who = val(&p, p.issuer, "name");

		snprintf(t, sizeof(t), "%s %s", title(&p), num ? num : "");
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, t);
		if (who)
			cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, who);
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "selfcare");
	}
#endif

	grey(&p, INK);
	p.draw = 0;
	layout(&p);
	p.pages = p.page;
	p.draw = 1;
	layout(&p);

	if (cairo_status(p.cr) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_destroy(p.cr);
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(surface);

	for (i = 0; i < F_COUNT; i++)
		pango_font_description_free(p.font[i]);
	g_object_unref(p.layout);
	g_object_unref(p.pc);
	for (i = 0; i < p.nowned; i++)
		xmlFree(p.owned[i]);
	free(p.owned);
	if (rc == -1) {
		out->len = start;
		if (out->p)
			out->p[start] = '\0';
	}
	return rc;
}

void
pdf_cleanup(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
}

/*
 * A worker renders in a child process: fontconfig's and pango's caches (some
 * 6.5 MB, and a thread) stay out of the long-lived worker, whose memory then
 * stays flat whatever it serves. The child writes the PDF into a pipe and
 * leaves with _exit (nothing of the parent's, sockets included, is closed
 * or flushed by it). The request's alarm still bounds the whole.
 */
int
pdf_invoice_child(const xmlDoc *page, const char *lang, struct buf *out)
{
	struct buf pdf = { 0 };
	char chunk[16384];
	size_t len0 = out->len;
	int fd[2], status, rc = -1;
	ssize_t n;
	pid_t pid;

	if (pipe(fd) == -1)
		return -1;
	sb_phase(SB_PHASE(PH_PDF, 0));
	if ((pid = fork()) == -1) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		size_t off = 0;

		close(fd[0]);
		if (pdf_invoice(page, lang, &pdf) == -1)
			_exit(1);
		while (off < pdf.len) {
			n = write(fd[1], pdf.p + off, pdf.len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				_exit(1);
			off += (size_t)n;
		}
		_exit(0);
	}
	close(fd[1]);
	while ((n = read(fd[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_add(out, chunk, (size_t)n);
	}
	close(fd[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	sb_phase(SB_PHASE(PH_HANDLER, 0));
	if (n == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	    out->len - len0 > 4 && memcmp(out->p + len0, "%PDF", 4) == 0)
		rc = 0;
	else
		out->len = len0;
	return rc;
}
