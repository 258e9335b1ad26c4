/*
 * What the partner API's writes share (writes.c): a body checked against
 * its schema, its values read, an Idempotency-Key checked, the audit row
 * under the key's name.
 */
#ifndef SELFCARE_API_WRITES_H
#define SELFCARE_API_WRITES_H

#include <stddef.h>

#include <libxml/tree.h>

struct ctx;

#define API_IDEM_MAX	64	/* api_idempotency.idem_key */
#define API_HASH_LEN	32	/* api_idempotency.body_hash */

/* A create's request: its Idempotency-Key, the body's hash, its organization. */
struct api_create {
	const char	*idem;
	unsigned char	 hash[API_HASH_LEN];
	long long	 company;
	/* set by api_create_open and the create */
	int		 status;	/* 201, or the error's */
	const char	*field;		/* a 422's */
	long long	 id;		/* what was made */
};
/* What an Idempotency-Key made. */
enum api_made { API_MADE_ORDER, API_MADE_CASE, API_MADE_PAYMENT };

/*
 * The checks every create makes first: a body (400), an Idempotency-Key
 * (400), the body against schema/api/v1/ROOTCreate.xsd (422), its
 * organization's id if it names one (422; 0: none). 0 with w filled, or the
 * status of the error document sent.
 */
int		 api_create_begin(struct ctx *, const char *root, struct api_create *w);
/*
 * First in the create's transaction: w->id what the same key and body made
 * before (0: nothing yet; then the organization, if any, is c->co), or
 * w->status 422 with w->field when the key came with another body or for
 * another kind of resource, or the organization is not the key's. A db_rc.
 */
int		 api_create_open(struct ctx *, struct api_create *w, enum api_made);
/* The key as used, for what it made. A db_rc. */
int		 api_idem_add(struct ctx *, const struct api_create *, enum api_made,
		    long long id);
/* The text of root's child el, or its id attribute when it has one ("":
 * absent). */
const char	*api_child_text(xmlNodePtr root, const char *el, char *out, size_t cap);
/* An Idempotency-Key: 1 to 64 printable ASCII characters. */
int		 api_idem_ok(const char *);
/* Inside a transaction: company, if it is an active one of the key's, as
 * c->co, the key's name as the user's. 1, 0 when it is not, or a db_rc. */
int		 api_act_for(struct ctx *, long long company);
/* The audit row of a write, for the company of c->co (0: none), detail
 * after the key's name and prefix. A db_rc. */
int		 api_audit(struct ctx *, const char *action, const char *object,
		    long long id, const char *detail);

#endif
