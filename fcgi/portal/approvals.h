/*
 * Approvals (approvals.c): what the order page shows of them.
 */
#ifndef SELFCARE_PORTAL_APPROVALS_H
#define SELFCARE_PORTAL_APPROVALS_H

#include "orders/orders.h"

struct ctx;

/* <approval decide="yes"/> under the page when the order is held and the
 * member is a full administrator (the approve and reject forms). */
void	 approval_el(struct ctx *, enum order_state);

#endif
