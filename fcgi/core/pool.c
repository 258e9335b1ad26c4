/* The request pool; see pool.h. */
#include "config.h"

#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>
#include <libxml/tree.h>
#include <libxml/dict.h>
#include <libxml/catalog.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemastypes.h>

#include "core/pool.h"

#define CHUNK		(256 * 1024)
#define ALIGN		16
#define KEEP_CHUNKS	4	/* chunks kept between requests; more are given back */

struct chunk {
	struct chunk	*next;
	size_t		 size, used;
	/* 16-byte aligned payload follows */
};

/* Each allocation carries its size in front, for realloc. */
struct head {
	size_t	size;
	size_t	pad;
};

static struct chunk *chunks;	/* in use, newest (the one with room) first */
static struct chunk *spare;	/* empty, kept for the next request */
static int active, enabled;

/*
 * Chunks are mapped, not malloc()ed: one given back is unmapped and leaves
 * the worker at once. Freed to malloc it stayed in the heap, dirty, and
 * only malloc_trim() (a walk of the whole heap the worker shares with the
 * supervisor: 70-170 us) gave it back.
 */
static struct chunk *
chunk_new(size_t size)
{
	struct chunk *c = mmap(NULL, sizeof(*c) + size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (c == MAP_FAILED)
		return NULL;
	c->size = size;
	return c;
}

static void
chunk_free(struct chunk *c)
{
	munmap(c, sizeof(*c) + c->size);
}

static int
in_list(const struct chunk *c, const void *p)
{
	for (; c != NULL; c = c->next)
		if ((const char *)p > (const char *)c &&
		    (const char *)p < (const char *)(c + 1) + c->size)
			return 1;
	return 0;
}

/* Spare chunks count too: a pointer freed late must never reach free(). */
static int
in_pool(const void *p)
{
	return in_list(chunks, p) || in_list(spare, p);
}

static void *
pool_alloc(size_t n)
{
	size_t need = (sizeof(struct head) + n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct chunk *c = chunks;
	struct head *h;

	if (c == NULL || c->size - c->used < need) {
		size_t size = need > CHUNK ? need : CHUNK;

		if (size == CHUNK && spare != NULL) {
			c = spare;
			spare = c->next;
		} else if ((c = chunk_new(size)) == NULL)
			return NULL;
		c->used = 0;
		c->next = chunks;
		chunks = c;
	}
	h = (struct head *)((char *)(c + 1) + c->used);
	c->used += need;
	h->size = n;
	return h + 1;
}

static void *
x_malloc(size_t n)
{
	return active ? pool_alloc(n) : malloc(n);
}

static void
x_free(void *p)
{
	if (p != NULL && !in_pool(p))
		free(p);
}

static void *
x_realloc(void *p, size_t n)
{
	void *q;
	size_t old;

	if (p == NULL)
		return x_malloc(n);
	if (!in_pool(p))
		/* Memory from outside the window stays outside it: it may be
		 * long-lived (a stylesheet's buffer). */
		return realloc(p, n);
	old = ((struct head *)p - 1)->size;
	if (n <= old)
		return p;
	if ((q = pool_alloc(n)) != NULL)
		memcpy(q, p, old);
	return q;
}

static char *
x_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = x_malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

void
pool_init(void)
{
	const char *env = getenv("SELFCARE_POOL");

#if defined(__SANITIZE_ADDRESS__)
	enabled = 0;
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
	enabled = 0;
# else
	enabled = env == NULL || strcmp(env, "0") != 0;
# endif
#else
	enabled = env == NULL || strcmp(env, "0") != 0;
#endif
	(void)env;
	if (!enabled)
		return;
	xmlMemSetup(x_free, x_malloc, x_realloc, x_strdup);
	/* libxml2 makes some globals on first use: the schema types at the
	 * first schema parsed, the catalogs at the first file an XSD imports.
	 * Made inside a request they would live in its pool and be overwritten
	 * by the next one; so they are made now, on the heap. */
	xmlInitParser();
	xmlSchemaInitTypes();
	xmlInitializeCatalog();
}

void
pool_begin(void)
{
	active = enabled;
}

void
pool_end(void)
{
	struct chunk *c, *next;
	int kept = 0;

	/* The last error's message lives in this pool; left behind, the next
	 * xmlResetLastError() would hand free() a pointer into a freed chunk. */
	xmlResetLastError();
	active = 0;
	for (c = spare; c != NULL; c = c->next)
		kept++;
	for (c = chunks; c != NULL; c = next) {
		next = c->next;
		if (c->size == CHUNK && kept < KEEP_CHUNKS) {
			c->next = spare;
			spare = c;
			kept++;
		} else
			chunk_free(c);
	}
	chunks = NULL;
}

void
pool_free_doc(struct _xmlDoc *doc)
{
	if (doc == NULL)
		return;
	if (!active || !in_pool(doc)) {
		xmlFreeDoc(doc);
		return;
	}
	if (doc->dict != NULL)
		xmlDictFree(doc->dict);
	doc->dict = NULL;
}

size_t
pool_size(void)
{
	const struct chunk *c;
	size_t n = 0;

	for (c = chunks; c != NULL; c = c->next)
		n += c->size;
	for (c = spare; c != NULL; c = c->next)
		n += c->size;
	return n;
}
