/* CSV files for spreadsheets; the rules are in csv.h. */
#include "config.h"

#include <string.h>

#include "core/csv.h"

#define CSV_BOM		"\xef\xbb\xbf"

/* Whether s is a canonical decimal: -?[0-9]+(\.[0-9]+)? */
static int
csv_is_number(const char *s)
{
	size_t n;

	if (*s == '-')
		s++;
	if ((n = strspn(s, "0123456789")) == 0)
		return 0;
	s += n;
	if (*s == '.') {
		if ((n = strspn(++s, "0123456789")) == 0)
			return 0;
		s += n;
	}
	return *s == '\0';
}

void
csv_cell(struct buf *b, char sep, char dec, int number, const char *s)
{
	int defuse;

	if (s == NULL)
		s = "";
	if (number && csv_is_number(s)) {
		/* Digits, a sign and one mark: the mark is the only byte to map. */
		for (; *s; s++)
			buf_add(b, *s == '.' ? &dec : s, 1);
		return;
	}
	/* A spreadsheet runs these as a formula (TAB and CR: Excel skips them
	 * and looks at what follows). */
	defuse = *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
	if (!defuse && strpbrk(s, ",;\"\t\r\n") == NULL && strchr(s, sep) == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_puts(b, defuse ? "\"'" : "\"");
	for (; *s; s++)
		buf_add(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
	buf_puts(b, "\"");
}

void
csv_begin(struct csv *c, struct buf *b, const char *lang)
{
	int en = lang != NULL && strcmp(lang, "en") == 0;

	c->b = b;
	c->sep = en ? ',' : ';';
	c->dec = en ? '.' : ',';
	c->cells = 0;
	buf_puts(b, CSV_BOM);
}

static void
csv_put(struct csv *c, int number, const char *s)
{
	if (c->cells++ > 0)
		buf_add(c->b, &c->sep, 1);
	csv_cell(c->b, c->sep, c->dec, number, s);
}

void
csv_text(struct csv *c, const char *s)
{
	csv_put(c, 0, s);
}

void
csv_number(struct csv *c, const char *s)
{
	csv_put(c, 1, s);
}

void
csv_end(struct csv *c)
{
	buf_puts(c->b, "\r\n");
	c->cells = 0;
}

void
csv_row(struct csv *c, const char *const *cells)
{
	for (; *cells != NULL; cells++)
		csv_text(c, *cells);
	csv_end(c);
}
