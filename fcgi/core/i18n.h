/* The user-visible strings, from xsl/i18n/{nb,da,en}.xml, for stylesheets and mail. */
#ifndef SELFCARE_I18N_H
#define SELFCARE_I18N_H

#include <stddef.h>

extern const char *const i18n_langs[];	/* "nb", "da", "en", NULL */

int		 i18n_load(const char *xsl_dir, char *err, size_t errlen);
void		 i18n_free(void);
/* The string for key in lang; the key itself when missing (and logged once). */
const char	*i18n_get(const char *lang, const char *key);
/* lang if it is one of ours, else NULL. */
const char	*i18n_lang(const char *lang);

struct buf;
/* A template's {name} placeholders replaced from a NULL-terminated list of
 * name, value pairs (an unknown name stays as written): mails, PDF labels. */
void	 i18n_fill(struct buf *, const char *tmpl, const char *const *vars);

#endif
