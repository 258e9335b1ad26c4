/*
 * The site stylesheet's labels at compile time: a literal label whose value
 * is only output, sc:t('key'), becomes a marker, LABEL_OPEN, the key's
 * number (i18n_intern), LABEL_CLOSE, which the HTML writer (render.c)
 * replaces by the request language's string. U+FDD0 and U+FDD1 are
 * noncharacters: the page data never holds them (xml.c drops them).
 */
#ifndef SELFCARE_LABELS_H
#define SELFCARE_LABELS_H

#include <libxml/tree.h>

#define LABEL_OPEN	"\xef\xb7\x90"	/* U+FDD0 */
#define LABEL_CLOSE	"\xef\xb7\x91"	/* U+FDD1 */

/* Reads every stylesheet in dir for the named templates' parameters that
 * are only output; -1 with err when one does not parse. */
int	 labels_scan(const char *dir, char *err, size_t errlen);
/* One stylesheet document of the site's compile, its labels marked. */
void	 labels_mark(xmlDocPtr);
void	 labels_free(void);

#endif
