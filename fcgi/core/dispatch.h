/* The dispatcher; see dispatch.c. */
#ifndef SELFCARE_DISPATCH_H
#define SELFCARE_DISPATCH_H

struct ctx;

/* Runs one request through the dispatcher and the handler; returns the status sent. */
int	 route_dispatch(struct ctx *);

#endif
