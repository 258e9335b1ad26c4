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

/*
 * The languages offered (conf's languages: "nb en", blanks or commas
 * between): i18n_langs_parse gives their set (bit i for i18n_langs[i]), or
 * -1 with why for a word not one of ours or there twice; i18n_offer makes
 * a valid list the one offered (all three until then).
 */
int		 i18n_langs_parse(const char *list, unsigned *set, char *why,
		    size_t wlen);
void		 i18n_offer(const char *list);
/* lang if it is one of ours and offered, else NULL. */
const char	*i18n_offered(const char *lang);
/* The offered ones in i18n_langs' order, one blank between: "nb en". */
const char	*i18n_offered_list(void);

/*
 * Labels by number, for the site stylesheet's markers (labels.c,
 * render.c): a key's number, given at its first use (-1: no room); its
 * string in lang (the key when lang lacks it), or NULL for a number never
 * given; i18n_labels: lang's strings by number, *n of them.
 */
struct i18n_label {
	const char	*s;
	size_t		 len;
	int		 plain;		/* nothing to escape, even in an attribute */
};
int		 i18n_intern(const char *key);
const char	*i18n_label(const char *lang, unsigned idx);
const struct i18n_label *i18n_labels(const char *lang, size_t *n);

struct buf;
/* A template's {name} placeholders replaced from a NULL-terminated list of
 * name, value pairs (an unknown name stays as written): mails, PDF labels. */
void	 i18n_fill(struct buf *, const char *tmpl, const char *const *vars);

#endif
