/* The time limit's prepared answer; see limit.h. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "core/conf.h"
#include "core/limit.h"
#include "core/page.h"
#include "core/pool.h"
#include "core/render.h"
#include "core/request.h"
#include "core/scoreboard.h"
#include "core/util.h"

#define FCGI_STDOUT		6
#define FCGI_END_REQUEST	3
#define RECORD_MAX		32768	/* page bytes per STDOUT record */
#define HDR_MAX			8

static const char *const langs[] = { "nb", "da", "en" };

struct reply {
	struct buf	 b;		/* the records */
	size_t		 body;		/* the page's body bytes (the access log) */
	size_t		 hdr[HDR_MAX];	/* offsets of the record headers */
	int		 nhdr;
};

static struct reply replies[3][2];	/* language × HTML, XML */
static struct reply closing;		/* the empty STDOUT and END_REQUEST */
static int default_lang;

/* What the handler reads: written by the worker between requests, or as
 * single stores while one runs. */
static struct {
	volatile sig_atomic_t	 armed;
	volatile sig_atomic_t	 fd;
	volatile sig_atomic_t	 id;
	volatile sig_atomic_t	 flushed;	/* output reached the socket */
	volatile sig_atomic_t	 in_flush;	/* ... and is on its way now */
	struct ctx *volatile	 c;
	void			(*empty)(FCGX_Stream *, int);
} tl = { 0, -1, 0, 0, 0, NULL, NULL };

static void
add_record(struct reply *r, int type, const void *p, size_t n)
{
	static const unsigned char zero[8];
	unsigned char h[8] = { 1, (unsigned char)type, 0, 0,
		(unsigned char)(n >> 8), (unsigned char)(n & 0xFF),
		(unsigned char)((8 - n % 8) % 8), 0 };

	if (r->nhdr == HDR_MAX)
		abort();	/* the fixed page is a few KB: a bug */
	r->hdr[r->nhdr++] = r->b.len;
	buf_add(&r->b, h, sizeof(h));
	buf_add(&r->b, p, n);
	buf_add(&r->b, zero, h[6]);
}

static void
add_closing(struct reply *r)
{
	/* END_REQUEST's body: appStatus 0, FCGI_REQUEST_COMPLETE. */
	static const unsigned char end[8];

	add_record(r, FCGI_STDOUT, NULL, 0);
	add_record(r, FCGI_END_REQUEST, end, sizeof(end));
}

/*
 * A write-only FCGX_Stream into a buffer, so the page comes out of the
 * same resp_head/render code as every other answer.
 */
struct memout {
	FCGX_Stream	 s;
	unsigned char	 chunk[4096];
	struct buf	*b;
};

static void
mem_empty(FCGX_Stream *s, int doClose)
{
	struct memout *m = s->data;

	(void)doClose;
	buf_add(m->b, m->chunk, (size_t)(s->wrNext - m->chunk));
	s->wrNext = m->chunk;
}

static void
render_reply(const struct conf *conf, const char *lang, int xml, struct reply *r)
{
	struct buf page = { 0 };
	struct request req;
	struct memout m;
	struct ctx c;
	size_t off, n, head;
	char *sep;

	memset(&m, 0, sizeof(m));
	m.s.wrNext = m.chunk;
	m.s.stop = m.chunk + sizeof(m.chunk);
	m.s.emptyBuffProc = mem_empty;
	m.s.data = &m;
	m.b = &page;
	memset(&req, 0, sizeof(req));
	req.method = METHOD_GET;
	req.want_xml = xml;
	req.remote_addr = "";
	memset(&c, 0, sizeof(c));
	c.conf = conf;
	c.req = &req;
	c.out = &m.s;
	c.lang = lang;
	pool_begin();
	render_error(&c, LIMIT_STATUS);
	mem_empty(&m.s, 1);
	pool_free_doc(c.doc);
	pool_end();
	buf_free(&c.headers);
	sep = page.p ? strstr(page.p, "\r\n\r\n") : NULL;
	head = sep ? (size_t)(sep - page.p) + 4 : page.len;
	r->body = page.len - head;
	for (off = 0; off < page.len; off += n) {
		n = page.len - off < RECORD_MAX ? page.len - off : RECORD_MAX;
		add_record(r, FCGI_STDOUT, page.p + off, n);
	}
	add_closing(r);
	buf_free(&page);
}

/* Writes r with request id id; async-signal-safe. */
static void
send_reply(struct reply *r, int fd, int id)
{
	unsigned char *p = (unsigned char *)r->b.p;
	size_t off = 0;
	ssize_t n;
	int i;

	for (i = 0; i < r->nhdr; i++) {
		p[r->hdr[i] + 2] = (unsigned char)(id >> 8);
		p[r->hdr[i] + 3] = (unsigned char)(id & 0xFF);
	}
	while (off < r->b.len) {
		n = write(fd, p + off, r->b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		off += (size_t)n;
	}
}

/* The request's language and format, read as the handler finds them. */
static struct reply *
pick(void)
{
	const struct ctx *c = tl.c;
	int l = default_lang, x = 0;
	size_t i;

	if (c != NULL) {
		x = c->req != NULL && c->req->want_xml;
		for (i = 0; c->lang != NULL && i < COUNTOF(langs); i++)
			if (c->lang[0] == langs[i][0] && c->lang[1] == langs[i][1])
				l = (int)i;
	}
	return &replies[l][x];
}

static void
on_alarm(int sig)
{
	const struct ctx *c = tl.c;
	struct reply *r;

	(void)sig;
	/* The request was answered in the meantime: nothing to end. */
	if (!tl.armed)
		return;
	if (sb_me != NULL && c != NULL)
		sb_me->user = c->sess.user_id;
	if (!tl.flushed) {
		r = pick();
		send_reply(r, tl.fd, tl.id);
		if (sb_me != NULL) {
			sb_me->bytes = r->body;
			atomic_store(&sb_me->status, LIMIT_STATUS);
		}
	} else if (!tl.in_flush) {
		/* Whole records went out: close the stream after them. */
		send_reply(&closing, tl.fd, tl.id);
		if (sb_me != NULL && c != NULL)
			sb_me->bytes = c->bytes;
	}
	/* Inside a write nothing more can be said: the connection just ends. */
	_exit(LIMIT_EXIT);
}

/* The output stream's own flush, watched: after it, the page is no
 * longer ours to replace. */
static void
on_flush(FCGX_Stream *s, int doClose)
{
	tl.flushed = 1;
	tl.in_flush = 1;
	tl.empty(s, doClose);
	tl.in_flush = 0;
	/* Closed: END_REQUEST went out, the request is answered. */
	if (doClose)
		tl.armed = 0;
}

void
limit_init(const struct conf *conf)
{
	struct sigaction sa;
	size_t l;
	int x;

	limit_free();
	for (l = 0; l < COUNTOF(langs); l++) {
		if (strcmp(conf->default_lang, langs[l]) == 0)
			default_lang = (int)l;
		for (x = 0; x < 2; x++)
			render_reply(conf, langs[l], x, &replies[l][x]);
	}
	add_closing(&closing);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

void
limit_free(void)
{
	size_t l;
	int x;

	for (l = 0; l < COUNTOF(langs); l++)
		for (x = 0; x < 2; x++) {
			buf_free(&replies[l][x].b);
			memset(&replies[l][x], 0, sizeof(replies[l][x]));
		}
	buf_free(&closing.b);
	memset(&closing, 0, sizeof(closing));
}

void
limit_begin(FCGX_Request *fr)
{
	tl.c = NULL;
	tl.fd = fr->ipcFd;
	tl.id = fr->requestId;
	tl.flushed = 0;
	tl.in_flush = 0;
	tl.empty = fr->out->emptyBuffProc;
	fr->out->emptyBuffProc = on_flush;
	tl.armed = 1;
}

void
limit_ctx(struct ctx *c)
{
	tl.c = c;
}

void
limit_end(void)
{
	tl.armed = 0;
	tl.c = NULL;
	tl.fd = -1;
}

const unsigned char *
limit_reply(const char *lang, int xml, size_t *len)
{
	size_t l;

	for (l = 0; l < COUNTOF(langs); l++)
		if (strcmp(lang, langs[l]) == 0 && replies[l][xml != 0].b.p != NULL) {
			*len = replies[l][xml != 0].b.len;
			return (const unsigned char *)replies[l][xml != 0].b.p;
		}
	return NULL;
}
