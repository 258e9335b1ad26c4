/*
 * Strings are loaded once per process into one hash table per language.
 * The files are parsed with the same safe options as any other XML we read.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/i18n.h"
#include "core/util.h"
#include "core/log.h"
#include "core/xmlsafe.h"

const char *const i18n_langs[] = { "nb", "da", "en", NULL };

static xmlHashTablePtr tables[3];
/* The keys numbered by i18n_intern, each one's number + 1 in numbers, and
 * per language its string (NULL: the language lacks it). */
static char **keys;
static struct i18n_label *strings[3];
static size_t nkeys, capkeys;
static xmlHashTablePtr numbers;
static unsigned offered = 7;
static char offered_list[16] = "nb da en";

static void
free_entry(void *payload, const xmlChar *name)
{
	(void)name;
	xmlFree(payload);
}

const char *
i18n_lang(const char *lang)
{
	size_t i;

	for (i = 0; lang != NULL && i18n_langs[i] != NULL; i++)
		if (strcmp(lang, i18n_langs[i]) == 0)
			return i18n_langs[i];
	return NULL;
}

int
i18n_langs_parse(const char *list, unsigned *set, char *why, size_t wlen)
{
	const char *p = list;
	size_t n, i;

	*set = 0;
	for (;;) {
		p += strspn(p, " \t,");
		if (*p == '\0')
			break;
		n = strcspn(p, " \t,");
		for (i = 0; i18n_langs[i] != NULL; i++)
			if (strlen(i18n_langs[i]) == n && strncmp(p, i18n_langs[i], n) == 0)
				break;
		if (i18n_langs[i] == NULL) {
			snprintf(why, wlen, "'%.*s' is not one of nb, da, en",
			    n > 32 ? 32 : (int)n, p);
			return -1;
		}
		if (*set & (1u << i)) {
			snprintf(why, wlen, "%s is there twice", i18n_langs[i]);
			return -1;
		}
		*set |= 1u << i;
		p += n;
	}
	if (*set == 0) {
		snprintf(why, wlen, "no language: one or more of nb, da, en");
		return -1;
	}
	return 0;
}

void
i18n_offer(const char *list)
{
	char why[64];
	unsigned set;
	size_t i, len = 0;

	if (i18n_langs_parse(list, &set, why, sizeof(why)) == -1)
		set = 7;
	offered = set;
	for (i = 0; i18n_langs[i] != NULL; i++)
		if (set & (1u << i))
			len += (size_t)snprintf(offered_list + len,
			    sizeof(offered_list) - len, "%s%s", len ? " " : "",
			    i18n_langs[i]);
}

const char *
i18n_offered(const char *lang)
{
	size_t i;

	for (i = 0; lang != NULL && i18n_langs[i] != NULL; i++)
		if (strcmp(lang, i18n_langs[i]) == 0)
			return offered & (1u << i) ? i18n_langs[i] : NULL;
	return NULL;
}

const char *
i18n_offered_list(void)
{
	return offered_list;
}

static int
lang_index(const char *lang)
{
	size_t i;

	for (i = 0; lang != NULL && i18n_langs[i] != NULL; i++)
		if (strcmp(lang, i18n_langs[i]) == 0)
			return (int)i;
	return 0;
}

void
i18n_free(void)
{
	size_t i;

	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	keys = NULL;
	nkeys = capkeys = 0;
	for (i = 0; i < 3; i++) {
		free(strings[i]);
		strings[i] = NULL;
	}
	if (numbers)
		xmlHashFree(numbers, NULL);
	numbers = NULL;
	for (i = 0; i < 3; i++) {
		if (tables[i])
			xmlHashFree(tables[i], free_entry);
		tables[i] = NULL;
	}
}

int
i18n_load(const char *xsl_dir, char *err, size_t errlen)
{
	xmlHashTablePtr t[3] = { NULL, NULL, NULL };
	size_t i;

	for (i = 0; i < 3; i++) {
		char path[2048];
		xmlDocPtr doc;
		xmlNodePtr root, n;

		snprintf(path, sizeof(path), "%s/i18n/%s.xml", xsl_dir, i18n_langs[i]);
		if ((doc = xml_read_file(path)) == NULL) {
			snprintf(err, errlen, "%s: cannot read or parse", path);
			goto fail;
		}
		root = xmlDocGetRootElement(doc);
		t[i] = xmlHashCreate(256);
		for (n = root ? root->children : NULL; n; n = n->next) {
			xmlChar *k, *v;

			if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "s"))
				continue;
			k = xmlGetProp(n, BAD_CAST "k");
			v = xmlNodeGetContent(n);
			if (k == NULL || v == NULL || xmlHashAddEntry(t[i], k, v) != 0) {
				snprintf(err, errlen, "%s: line %ld: missing or duplicate key",
				    path, (long)xmlGetLineNo(n));
				xmlFree(k);
				xmlFree(v);
				xmlFreeDoc(doc);
				goto fail;
			}
			xmlFree(k);
		}
		xmlFreeDoc(doc);
	}
	i18n_free();
	memcpy(tables, t, sizeof(tables));
	return 0;
fail:
	for (i = 0; i < 3; i++)
		if (t[i])
			xmlHashFree(t[i], free_entry);
	return -1;
}

const char *
i18n_get(const char *lang, const char *key)
{
	xmlHashTablePtr t = tables[lang_index(lang)];
	const char *v = t ? xmlHashLookup(t, BAD_CAST key) : NULL;

	if (v == NULL) {
		log_warn("i18n: no string '%s' for %s", key, lang ? lang : "?");
		return key;
	}
	return v;
}

static int
grow_keys(void)
{
	size_t i, cap = capkeys ? capkeys * 2 : 512;
	char **k;
	struct i18n_label *v;

	if ((k = realloc(keys, cap * sizeof(*k))) == NULL)
		return -1;
	keys = k;
	for (i = 0; i < 3; i++) {
		if ((v = realloc(strings[i], cap * sizeof(*v))) == NULL)
			return -1;
		strings[i] = v;
	}
	capkeys = cap;
	return 0;
}

int
i18n_intern(const char *key)
{
	void *found;
	size_t i;

	if (numbers == NULL && (numbers = xmlHashCreate(1024)) == NULL)
		return -1;
	if ((found = xmlHashLookup(numbers, BAD_CAST key)) != NULL)
		return (int)((uintptr_t)found - 1);
	if (nkeys == INT_MAX - 1 || (nkeys == capkeys && grow_keys() == -1) ||
	    (keys[nkeys] = strdup(key)) == NULL)
		return -1;
	if (xmlHashAddEntry(numbers, BAD_CAST key, (void *)(uintptr_t)(nkeys + 1)) != 0) {
		free(keys[nkeys]);
		return -1;
	}
	for (i = 0; i < 3; i++) {
		struct i18n_label *l = &strings[i][nkeys];

		l->s = tables[i] ? xmlHashLookup(tables[i], BAD_CAST key) : NULL;
		if (l->s == NULL) {
			if (i18n_offered(i18n_langs[i]))
				log_warn("i18n: no string '%s' for %s", key, i18n_langs[i]);
			l->s = keys[nkeys];
		}
		l->len = strlen(l->s);
		l->plain = strpbrk(l->s, "<>&\"\r\n\t") == NULL;
	}
	return (int)nkeys++;
}

const char *
i18n_label(const char *lang, unsigned idx)
{
	return idx < nkeys ? strings[lang_index(lang)][idx].s : NULL;
}

const struct i18n_label *
i18n_labels(const char *lang, size_t *n)
{
	*n = nkeys;
	return strings[lang_index(lang)];
}

void
i18n_fill(struct buf *b, const char *tmpl, const char *const *vars)
{
	const char *p = tmpl;

	buf_add(b, NULL, 0);
	while (*p) {
		const char *open = strchr(p, '{'), *close;
		size_t i;

		if (open == NULL || (close = strchr(open, '}')) == NULL) {
			buf_puts(b, p);
			break;
		}
		buf_add(b, p, (size_t)(open - p));
		for (i = 0; vars[i] != NULL; i += 2)
			if (strlen(vars[i]) == (size_t)(close - open - 1) &&
			    strncmp(vars[i], open + 1, (size_t)(close - open - 1)) == 0)
				break;
		if (vars[i] != NULL)
			buf_puts(b, vars[i + 1]);
		else
			buf_add(b, open, (size_t)(close - open + 1));
		p = close + 1;
	}
}
