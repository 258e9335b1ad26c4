/*
 * CSV downloads that open right in a spreadsheet: a UTF-8 byte order mark
 * (else Excel reads the file as the system's 8-bit code page), and the
 * dialect of the language, because Excel splits a .csv by the list
 * separator of the user's regional settings: nb and da have ";" and a
 * decimal comma, en "," and a decimal point.
 *
 * Every cell follows OWASP's CSV-injection rules, whatever the dialect: a
 * text cell starting with =, +, -, @, TAB or CR is written as text with a
 * leading ' and quoted; a cell holding ",", ";", a quote, TAB, CR or LF is
 * quoted (so it stays one cell under either separator). A number cell whose
 * value is a canonical decimal ("-998.75") is written as a number in the
 * dialect ("-998,75"), so sums work; anything else in it is text.
 */
#ifndef SELFCARE_CSV_H
#define SELFCARE_CSV_H

#include "core/util.h"

struct csv {
	struct buf	*b;
	char		 sep;	/* cell separator */
	char		 dec;	/* decimal mark */
	int		 cells;	/* cells on the current row so far */
};

/* Starts a file in lang's dialect (the BOM) into b. */
void	 csv_begin(struct csv *, struct buf *, const char *lang);
/* A text cell (NULL: empty). */
void	 csv_text(struct csv *, const char *);
/* A number cell from canonical "-?[0-9]+(.[0-9]+)?" (NULL: empty). */
void	 csv_number(struct csv *, const char *);
/* Ends the row (CRLF). */
void	 csv_end(struct csv *);
/* A whole row of text cells (a header), NULL-terminated. */
void	 csv_row(struct csv *, const char *const *cells);

/* One cell as the rule above writes it, without separator (the table
 * the unit test checks). */
void	 csv_cell(struct buf *, char sep, char dec, int number, const char *);

#endif
