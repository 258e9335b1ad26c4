/* The shared scoreboard of the workers; see scoreboard.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/request.h"
#include "core/scoreboard.h"

struct sb	*sb_board;
struct sb_slot	*sb_me;

long long
sb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int
sb_init(void)
{
	void *p;

	if (sb_board != NULL)
		return 0;
	p = mmap(NULL, sizeof(struct sb), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	sb_board = p;	/* zero-filled: every slot free, every counter 0 */
	sb_board->started = (long long)time(NULL);
	sb_board->started_mono = sb_now_ns();
	return 0;
}

void
sb_clear(int i)
{
	struct sb_slot *s = &sb_board->slot[i];

	/* requests stays: the slot's count goes on with its next worker. */
	atomic_store(&s->state, SB_FREE);
	atomic_store(&s->pid, 0);
	atomic_store(&s->phase, PH_NONE);
}

void
sb_attach(int i)
{
	sb_me = &sb_board->slot[i];
	sb_me->base = atomic_load(&sb_me->requests);
	sb_me->started = (long long)time(NULL);
	atomic_store(&sb_me->pid, (int)getpid());
	atomic_store(&sb_me->state, SB_IDLE);
}

/* The writer's side of the sequence counter. */
static void
write_begin(struct sb_slot *s)
{
	atomic_store_explicit(&s->seq, atomic_load_explicit(&s->seq,
	    memory_order_relaxed) + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
}

static void
write_end(struct sb_slot *s)
{
	atomic_store_explicit(&s->seq, atomic_load_explicit(&s->seq,
	    memory_order_relaxed) + 1, memory_order_release);
}

void
sb_reading(void)
{
	if (sb_me != NULL)
		atomic_store_explicit(&sb_me->state, SB_READING, memory_order_relaxed);
}

void
sb_accepted(void)
{
	struct sb_slot *s = sb_me;

	if (s == NULL)
		return;
	write_begin(s);
	s->req_start = sb_now_ns();
	s->id[0] = s->method[0] = s->client[0] = s->path[0] = '\0';
	s->user = 0;
	s->bytes = 0;
	write_end(s);
	atomic_store_explicit(&s->status, 0, memory_order_relaxed);
	atomic_store_explicit(&s->phase, SB_PHASE(PH_PARSE, 0), memory_order_relaxed);
	atomic_store_explicit(&s->state, SB_BUSY, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->requests, 1, memory_order_relaxed);
}

/* Copies at most len - 1 bytes of src, not cutting a UTF-8 sequence. */
static void
copy_cut(char *dst, size_t len, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

void
sb_request(const struct request *r, const char *method)
{
	struct sb_slot *s = sb_me;

	if (s == NULL)
		return;
	write_begin(s);
	copy_cut(s->id, sizeof(s->id), r->id);
	copy_cut(s->method, sizeof(s->method), method);
	copy_cut(s->client, sizeof(s->client), r->remote_addr);
	copy_cut(s->path, sizeof(s->path), r->path);
	write_end(s);
}

void
sb_idle(void)
{
	if (sb_me == NULL)
		return;
	atomic_store_explicit(&sb_me->phase, PH_NONE, memory_order_relaxed);
	atomic_store_explicit(&sb_me->state, SB_IDLE, memory_order_relaxed);
}

int
sb_read(int i, struct sb_view *v)
{
	struct sb_slot *s = &sb_board->slot[i];
	unsigned s1, s2;
	int tries;

	memset(v, 0, sizeof(*v));
	v->state = atomic_load(&s->state);
	if (v->state == SB_FREE)
		return -1;
	v->pid = atomic_load(&s->pid);
	v->phase = atomic_load(&s->phase);
	v->status = atomic_load(&s->status);
	v->requests = atomic_load(&s->requests);
	v->served = v->requests - s->base;
	v->started = s->started;
	/* A writer holds the counter odd for a few stores only; a reader
	 * that keeps losing the race shows the request without its fields. */
	for (tries = 0; tries < 100; tries++) {
		s1 = atomic_load_explicit(&s->seq, memory_order_acquire);
		if (s1 & 1)
			continue;
		v->elapsed_ms = (sb_now_ns() - s->req_start) / 1000000;
		v->user = s->user;
		v->bytes = s->bytes;
		memcpy(v->id, s->id, sizeof(v->id));
		memcpy(v->method, s->method, sizeof(v->method));
		memcpy(v->client, s->client, sizeof(v->client));
		memcpy(v->path, s->path, sizeof(v->path));
		atomic_thread_fence(memory_order_acquire);
		s2 = atomic_load_explicit(&s->seq, memory_order_relaxed);
		if (s1 == s2)
			break;
	}
	if (tries == 100)
		v->id[0] = v->method[0] = v->client[0] = v->path[0] = '\0';
	v->id[sizeof(v->id) - 1] = v->method[sizeof(v->method) - 1] = '\0';
	v->client[sizeof(v->client) - 1] = v->path[sizeof(v->path) - 1] = '\0';
	return 0;
}

unsigned long long
sb_accepted_total(void)
{
	unsigned long long n = 0;
	size_t i;

	for (i = 0; i < SB_SLOTS; i++)
		n += atomic_load_explicit(&sb_board->slot[i].requests,
		    memory_order_relaxed);
	return n;
}

/* The names of statements (db_stmt_name): given, so that the scoreboard,
 * which the database layer writes to, does not read the database layer. */
static const char *(*stmt_name)(unsigned);

void
sb_name_statements(const char *(*fn)(unsigned))
{
	stmt_name = fn;
}

const char *
sb_phase_name(unsigned phase, char *buf, size_t len)
{
	static const char *const kinds[PH__MAX] = {
		[PH_NONE] = "-", [PH_PARSE] = "reading", [PH_HANDLER] = "handler",
		[PH_SQL] = "statement", [PH_COMMIT] = "commit",
		[PH_TRANSFORM] = "transform", [PH_RENDER] = "render",
		[PH_PDF] = "pdf",
	};
	unsigned kind = phase >> 16, arg = phase & 0xFFFF;

	if (kind >= PH__MAX)
		kind = PH_NONE;
	if (kind == PH_SQL && stmt_name != NULL && stmt_name(arg) != NULL)
		snprintf(buf, len, "%s", stmt_name(arg));
	else
		snprintf(buf, len, "%s", kinds[kind]);
	return buf;
}

const char *
sb_state_name(int state)
{
	static const char *const names[] = { "free", "idle", "reading", "busy" };

	return state >= 0 && (size_t)state < sizeof(names) / sizeof(names[0]) ?
	    names[state] : "free";
}
