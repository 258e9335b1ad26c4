/*
 * Invoice PDF: an A4 invoice or credit note drawn with cairo's PDF surface,
 * text laid out by pango in DejaVu Sans, from the invoice page document
 * (<page name="invoice"><invoice ...>, tests/data/xml/invoice.xml).
 */
#ifndef SELFCARE_PDF_H
#define SELFCARE_PDF_H

#include <libxml/tree.h>

struct buf;

/*
 * Appends the PDF of the page's <invoice> to out, labels and numbers in lang
 * (nb, da, en; NULL or another: the page's lang, else nb). Strings come from
 * i18n_get("pdf.*"), so i18n_load() must have run. Returns 0, or -1 when the
 * page holds no invoice or cairo fails (out is then as it was).
 */
int	 pdf_invoice(const xmlDoc *page, const char *lang, struct buf *out);
/*
 * Frees pango's font map and cairo's caches (kept between invoices, a few
 * MB); for a worker's exit, so leak checkers see only real leaks.
 */
void	 pdf_cleanup(void);

/* As pdf_invoice, rendered in a child process (for the workers: their
 * memory stays flat, see pdf.c). */
int	 pdf_invoice_child(const xmlDoc *page, const char *lang, struct buf *out);

#endif
