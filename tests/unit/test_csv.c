/* The CSV cell rule (OWASP CSV injection) and the dialects, as tables. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "core/csv.h"

#define BOM "\xef\xbb\xbf"

static void
test_cells(void)
{
	static const struct {
		char sep, dec;
		int number;
		const char *in, *out;
	} t[] = {
		/* plain text */
		{ ';', ',', 0, "Anne Berg", "Anne Berg" },
		{ ';', ',', 0, "", "" },
		{ ';', ',', 0, NULL, "" },
		{ ';', ',', 0, "Ærlig Åse", "Ærlig Åse" },
		/* formulas: defused with ' and quoted, in both dialects */
		{ ';', ',', 0, "=1+1", "\"'=1+1\"" },
		{ ',', '.', 0, "=1+1", "\"'=1+1\"" },
		{ ';', ',', 0, "@SUM(A1)", "\"'@SUM(A1)\"" },
		{ ';', ',', 0, "+1+1", "\"'+1+1\"" },
		{ ';', ',', 0, "-1+1", "\"'-1+1\"" },
		{ ';', ',', 0, "\t=1", "\"'\t=1\"" },
		{ ';', ',', 0, "\r=1", "\"'\r=1\"" },
		{ ',', '.', 0, "=HYPERLINK(\"http://x\",\"y\")",
		    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		/* a separator inside a cell: quoted, whichever the file uses */
		{ ';', ',', 0, "x;=1+1", "\"x;=1+1\"" },
		{ ',', '.', 0, "x;=1+1", "\"x;=1+1\"" },
		{ ';', ',', 0, "Marked, Oslo", "\"Marked, Oslo\"" },
		{ ',', '.', 0, "Marked, Oslo", "\"Marked, Oslo\"" },
		{ ';', ',', 0, "a\"b", "\"a\"\"b\"" },
		{ ';', ',', 0, "two\nlines", "\"two\nlines\"" },
		{ ';', ',', 0, "x\t=1", "\"x\t=1\"" },
		/* phone numbers stay readable: text, digits intact */
		{ ';', ',', 0, "+4791234567", "\"'+4791234567\"" },
		{ ';', ',', 0, "+47 912 34 567", "\"'+47 912 34 567\"" },
		{ ';', ',', 0, "91234567", "91234567" },
		/* numbers: the dialect's decimal mark, negative ones stay numbers */
		{ ';', ',', 1, "349.00", "349,00" },
		{ ',', '.', 1, "349.00", "349.00" },
		{ ';', ',', 1, "-998.75", "-998,75" },
		{ ',', '.', 1, "-998.75", "-998.75" },
		{ ';', ',', 1, "25", "25" },
		{ ';', ',', 1, "-0.50", "-0,50" },
		{ ';', ',', 1, "", "" },
		{ ';', ',', 1, NULL, "" },
		/* a number cell with anything else in it is text, defused */
		{ ';', ',', 1, "=1+1", "\"'=1+1\"" },
		{ ';', ',', 1, "-1+1", "\"'-1+1\"" },
		{ ';', ',', 1, "-", "\"'-\"" },
		{ ';', ',', 1, "-.5", "\"'-.5\"" },
		{ ';', ',', 1, "1.", "1." },
		{ ';', ',', 1, "1,5", "\"1,5\"" },
		{ ';', ',', 1, "1e5", "1e5" },
	};
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&b, 0, sizeof(b));
		csv_cell(&b, t[i].sep, t[i].dec, t[i].number, t[i].in);
		buf_add(&b, "", 1);
		CHECK(strcmp(b.p, t[i].out) == 0, "%c %s \"%s\" = [%s], want [%s]",
		    t[i].sep, t[i].number ? "number" : "text", t[i].in ? t[i].in : "(null)",
		    b.p, t[i].out);
		buf_free(&b);
	}
}

static void
test_files(void)
{
	static const char *const head[] = { "name", "price", NULL };
	static const struct {
		const char *lang, *out;
	} t[] = {
		{ "nb", BOM "name;price\r\n\"'=A\";-998,75\r\n" },
		{ "da", BOM "name;price\r\n\"'=A\";-998,75\r\n" },
		{ "en", BOM "name,price\r\n\"'=A\",-998.75\r\n" },
	};
	struct buf b;
	struct csv c;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&b, 0, sizeof(b));
		csv_begin(&c, &b, t[i].lang);
		csv_row(&c, head);
		csv_text(&c, "=A");
		csv_number(&c, "-998.75");
		csv_end(&c);
		buf_add(&b, "", 1);
		CHECK(strcmp(b.p, t[i].out) == 0, "%s: [%s]", t[i].lang, b.p);
		buf_free(&b);
	}
}

int
main(void)
{
	test_cells();
	test_files();
	return check_status("csv");
}
