/*
 * A per-request memory pool for libxml2 and libxslt (the nginx/Apache pool
 * idea, through xmlMemSetup). While a request runs, their allocations come
 * from a bump allocator and frees are no-ops; at the end of the request the
 * pool is reset in one step. Nothing allocated inside the window may outlive
 * the request, so the window covers only the page document, the transform
 * and the output, and long-lived objects (stylesheets, strings, the
 * dictionary of a stylesheet) are all made before the first request.
 */
#ifndef SELFCARE_POOL_H
#define SELFCARE_POOL_H

#include <stddef.h>

/* Installs the allocator; call before any other libxml2 function. Off when
 * SELFCARE_POOL=0 or in sanitizer builds (they must see every allocation). */
void	 pool_init(void);
void	 pool_begin(void);
void	 pool_end(void);
/*
 * Frees a document. One made inside the window lies wholly in the pool:
 * walking its nodes only to call no-op frees is a tenth of a page's work,
 * so only the document's reference to its dictionary is given back (that
 * dictionary may be a transform's, which holds a stylesheet's); the nodes
 * go with the pool at pool_end. Anything else: xmlFreeDoc.
 */
struct _xmlDoc;
void	 pool_free_doc(struct _xmlDoc *);
/* Bytes the pool holds now (for the figures in the log). */
size_t	 pool_size(void);

#endif
