/*
 * The scoreboard: what every worker is doing, in one mapping the supervisor
 * makes before it forks (MAP_SHARED | MAP_ANONYMOUS), so the status page
 * and the slow-request log see all workers without asking them.
 *
 * Who writes what: a worker writes only its own slot; the supervisor writes
 * the counters in the head (restarts, slow requests) and a slot only while
 * no worker owns it (before the fork, after the reap). A slot's request
 * fields change under a sequence counter (odd while they change), so a
 * reader copies a consistent request or tries again; single values (state,
 * phase, counters) are atomics. Nothing here blocks or allocates.
 */
#ifndef SELFCARE_SCOREBOARD_H
#define SELFCARE_SCOREBOARD_H

#include <stdatomic.h>
#include <stddef.h>

#define SB_SLOTS	256	/* the most workers (conf.c's bound) */
#define SB_PATH		128	/* bytes of a request path kept */

enum sb_state {
	SB_FREE = 0,	/* no worker */
	SB_IDLE,	/* waiting for a connection */
	SB_READING,	/* connected, reading the request's parameters */
	SB_BUSY,	/* running a request */
};

/*
 * What a busy worker is doing: a kind and, for a statement, its id
 * (as its module declares it), in one word that db.c and render.c store as they go.
 */
enum sb_phase {
	PH_NONE = 0,
	PH_PARSE,	/* reading the request (body) */
	PH_HANDLER,	/* the handler's own code */
	PH_SQL,		/* a named statement: SB_PHASE(PH_SQL, id) */
	PH_COMMIT,	/* commit or rollback */
	PH_TRANSFORM,	/* XSLT */
	PH_RENDER,	/* writing the response */
	PH_PDF,		/* an invoice PDF (in a child) */
	PH__MAX
};
#define SB_PHASE(kind, arg)	((unsigned)(kind) << 16 | (unsigned)(arg))

struct sb_slot {
	atomic_uint		 seq;		/* odd while the request fields change */
	atomic_int		 pid;
	atomic_int		 state;		/* enum sb_state */
	atomic_uint		 phase;		/* SB_PHASE */
	atomic_int		 status;	/* the status the response began with */
	/* Requests accepted on this slot, by all its workers in turn (so the
	 * sum over the slots only grows); base: the count when the present
	 * worker started. */
	atomic_ullong		 requests;
	unsigned long long	 base;
	long long		 started;	/* the worker's start, epoch seconds */
	/* The present request (under seq): */
	long long		 req_start;	/* CLOCK_MONOTONIC, ns */
	long long		 user;
	size_t			 bytes;		/* a timed-out request's body bytes */
	char			 id[17];
	char			 method[8];
	char			 client[48];
	char			 path[SB_PATH];
};

struct sb {
	long long		 started;	/* the supervisor's start, epoch seconds */
	long long		 started_mono;	/* CLOCK_MONOTONIC, ns */
	atomic_ullong		 slow;		/* requests the slowlog reported */
	atomic_ullong		 crashes;	/* workers that died unasked */
	atomic_ullong		 timeouts;	/* workers ended by request_timeout */
	atomic_ullong		 recycles;	/* workers replaced after max_requests */
	atomic_ullong		 reloads;
	struct sb_slot		 slot[SB_SLOTS];
};

/* A consistent copy of one slot's request. */
struct sb_view {
	int			 pid;
	int			 state;
	unsigned		 phase;
	int			 status;
	unsigned long long	 requests;	/* the slot's serial: which request */
	unsigned long long	 served;	/* by the present worker */
	long long		 started;
	long long		 elapsed_ms;	/* busy: since the request began */
	long long		 user;
	size_t			 bytes;
	char			 id[17];
	char			 method[8];
	char			 client[48];
	char			 path[SB_PATH];
};

extern struct sb	*sb_board;	/* NULL outside `serve` */
extern struct sb_slot	*sb_me;		/* the worker's own slot, or NULL */

/* The supervisor, before the first fork; -1 if the mapping fails. */
int	 sb_init(void);
/* The supervisor: slot i is free (before its worker is forked, after the reap). */
void	 sb_clear(int i);
/* A worker takes slot i. */
void	 sb_attach(int i);
/* The worker's requests: a connection, accepted, its fields known, finished. */
void	 sb_reading(void);
void	 sb_accepted(void);
struct request;
void	 sb_request(const struct request *, const char *method);
void	 sb_idle(void);
/* Copies slot i; 0, or -1 when it is free. */
int	 sb_read(int i, struct sb_view *);
/* Sum of requests accepted since the supervisor started. */
unsigned long long sb_accepted_total(void);
/* "invoice.get", "transform" …: a phase for people. */
const char	*sb_phase_name(unsigned phase, char *buf, size_t len);
/* Who names the statements of PH_SQL phases (db_stmt_name). */
void		 sb_name_statements(const char *(*)(unsigned slot));
const char	*sb_state_name(int state);
long long	 sb_now_ns(void);

/* Cheap enough for every statement: one relaxed store, or nothing. */
static inline void
sb_phase(unsigned phase)
{
	if (sb_me != NULL)
		atomic_store_explicit(&sb_me->phase, phase, memory_order_relaxed);
}

static inline void
sb_status(int status)
{
	if (sb_me != NULL)
		atomic_store_explicit(&sb_me->status, status, memory_order_relaxed);
}

#endif
