/*
 * The subscription list's search (portal/subscriptions.c), shared with the
 * bulk changes that take all it finds (subscriptions/bulk.c): FROM and
 * WHERE of a company's subscriptions matching a text in the user's name,
 * e-mail, phone, the reference or the product's name (as shown).
 * Parameters: the language, the company, the text, then five times the
 * text as a LIKE pattern (db_like).
 */
#ifndef SELFCARE_SUBSCRIPTIONS_SEARCH_H
#define SELFCARE_SUBSCRIPTIONS_SEARCH_H

#include "subscriptions/change.h"

#define SUB_SEARCH_PARAMS	"sissssss"
#define SUB_SEARCH_FROM \
	" FROM subscriptions s JOIN products p ON p.id = s.product_id" \
	PRODUCT_NAME_JOIN \
	" LEFT JOIN users u ON u.id = s.user_id" \
	" WHERE s.company_id = ? AND (? = '' OR u.name LIKE ? OR u.email LIKE ?" \
	" OR u.phone LIKE ? OR s.ref LIKE ? OR " PRODUCT_NAME " LIKE ?)"

#endif
