/*
 * Keys of the partner API as rows: made (by a company's administrator in
 * the portal or by the operator's staff), rotated with an overlap. Called
 * inside the caller's transaction.
 */
#ifndef SELFCARE_API_STORE_H
#define SELFCARE_API_STORE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "api/key.h"

struct db;

/* What a list of keys selects first (API_KEY_COLUMNS, in this order), and
 * the <key> one such row makes: id, live, name, prefix and its times in
 * zone (NULL: UTC). */
enum { AKC_ID, AKC_NAME, AKC_PREFIX, AKC_AREAS, AKC_KIND, AKC_CREATED, AKC_EXPIRES,
	AKC_REVOKED, AKC_USED, AKC_USED_IP, AKC_LIVE, AKC__COLS };
#define API_KEY_COLUMNS \
	"id, name, prefix, areas, kind, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(revoked_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(last_used_at, '%Y-%m-%dT%H:%i:%s'), last_used_ip," \
	" revoked_at IS NULL AND (expires_at IS NULL OR expires_at > NOW())"
xmlNodePtr api_key_el(xmlNodePtr list, const char *zone, char **col);

struct api_key_spec {
	const char	*kind;		/* "company", "reseller", "mediation" */
	long long	 company;	/* a company key's company; 0 the operator's */
	long long	 user;		/* who made it: a member ... */
	long long	 staff;		/* ... or a member of staff */
	const char	*name;
	const char	*areas;		/* area names, "subscriptions,support" */
	long long	 days;		/* until it expires */
	long long	 from;		/* a rotation: the key replaced (its companies) */
	const long long	*companies;	/* else the companies it sees */
	size_t		 ncompanies;
};

/* Makes the row: the new key in key (shown once), its row's id in *id. A db_rc. */
int	 api_key_store(struct db *, const unsigned char server[32],
	    const struct api_key_spec *, char key[API_KEY_LEN + 1], long long *id);
/* A rotated key lives at most hours more. A db_rc. */
int	 api_key_overlap(struct db *, long long id, long long hours);

#endif
