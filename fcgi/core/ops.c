/* The status and ping pages; see ops.h. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include <libxml/tree.h>

#include "core/conf.h"
#include "core/db.h"
#include "core/log.h"
#include "core/module.h"
#include "core/netaddr.h"
#include "core/ops.h"
#include "core/page.h"
#include "core/pool.h"
#include "core/render.h"
#include "core/request.h"
#include "core/route.h"
#include "core/scoreboard.h"
#include "core/util.h"

/* The ping page's question to the database. */
enum { PING_ONE, PING__COLS };
static struct stmt stmts[] = {
	STMT("ops.ping", "", PING__COLS, "SELECT 1"),
};

/* ---- who may ask -------------------------------------------------------- */

int
ops_which(const struct conf *conf, const struct request *r)
{
	struct cidr allow[NETADDR_MAX];
	int page, n;

	if (r->path == NULL)
		return OPS_NONE;
	if (conf->status_path[0] && strcmp(r->path, conf->status_path) == 0)
		page = OPS_STATUS;
	else if (conf->ping_path[0] && strcmp(r->path, conf->ping_path) == 0)
		page = OPS_PING;
	else
		return OPS_NONE;
	/* Only these requests pay for the list (conf.c checked its syntax). */
	n = netaddr_parse(conf->status_allow, allow, COUNTOF(allow));
	if (n <= 0 || !netaddr_match(allow, (size_t)n, r->remote_addr))
		return OPS_NONE;
	return page;
}

int
ops_check(const struct conf *conf, char *err, size_t errlen)
{
	const char *paths[] = { conf->status_path, conf->ping_path };
	long long ids[4];
	size_t i, nids;

	if (paths[0][0] && strcmp(paths[0], paths[1]) == 0) {
		snprintf(err, errlen, "status_path and ping_path are both %s", paths[0]);
		return -1;
	}
	for (i = 0; i < COUNTOF(paths); i++)
		if (paths[i][0] && route_find(paths[i], ids, COUNTOF(ids), &nids) != NULL) {
			snprintf(err, errlen, "%s: %s is a page of the portal",
			    i == 0 ? "status_path" : "ping_path", paths[i]);
			return -1;
		}
	return 0;
}

/* ---- the listening socket's queue ------------------------------------------ */

struct lqueue {
	int		 ok;
	unsigned	 queue;		/* connections waiting to be accepted */
	unsigned	 backlog;	/* how many may wait */
	const char	*source;
};

/*
 * A unix socket's queue through sock_diag, as `ss -xl` shows it: for a
 * listening socket the kernel reports the waiting connections as its
 * receive queue and the backlog as its send queue. (SIOCINQ refuses a
 * listening unix socket, and /proc/net/unix has no queue.)
 */
static int
unix_queue(int fd, struct lqueue *q)
{
	struct {
		struct nlmsghdr		nlh;
		struct unix_diag_req	req;
	} msg;
	union {
		struct nlmsghdr	h;
		char		b[8192];
	} buf;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	struct unix_diag_msg *m;
	struct unix_diag_rqlen *rq;
	struct nlmsghdr *h;
	struct rtattr *a;
	struct stat st;
	ssize_t n;
	int s, len;

	if (fstat(fd, &st) == -1 ||
	    (s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)) == -1)
		return -1;
	memset(&msg, 0, sizeof(msg));
	msg.nlh.nlmsg_len = sizeof(msg);
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST;
	msg.req.sdiag_family = AF_UNIX;
	msg.req.udiag_states = 1U << 10;	/* TCP_LISTEN */
	msg.req.udiag_ino = (unsigned)st.st_ino;
	msg.req.udiag_show = UDIAG_SHOW_RQLEN;
	msg.req.udiag_cookie[0] = msg.req.udiag_cookie[1] = ~0U;	/* no cookie */
	if (sendto(s, &msg, sizeof(msg), 0, (struct sockaddr *)&nl, sizeof(nl)) == -1 ||
	    (n = recv(s, &buf, sizeof(buf), 0)) <= 0) {
		close(s);
		return -1;
	}
	close(s);
	for (h = &buf.h; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
		if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
			break;		/* NLMSG_ERROR: not found */
		m = NLMSG_DATA(h);
		len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
		for (a = (struct rtattr *)(m + 1); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
			if (a->rta_type != UNIX_DIAG_RQLEN || RTA_PAYLOAD(a) < sizeof(*rq))
				continue;
			rq = RTA_DATA(a);
			q->queue = rq->udiag_rqueue;
			q->backlog = rq->udiag_wqueue;
			q->source = "sock_diag";
			return 0;
		}
	}
	return -1;
}

static void
listen_queue(int fd, struct lqueue *q)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct tcp_info ti;

	memset(q, 0, sizeof(*q));
	if (fd < 0 || getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return;
	if (ss.ss_family == AF_UNIX) {
		q->ok = unix_queue(fd, q) == 0;
		return;
	}
	/* A listening TCP socket's tcp_info: unacked is the accept queue,
	 * sacked its backlog. */
	len = sizeof(ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0) {
		q->queue = ti.tcpi_unacked;
		q->backlog = ti.tcpi_sacked;
		q->source = "tcp_info";
		q->ok = 1;
	}
}

/* ---- the status page -------------------------------------------------------- */

static struct status {
	long long		 started, uptime;
	unsigned long long	 accepted, slow, crashes, timeouts, recycles, reloads;
	struct lqueue		 lq;
	int			 count[SB_BUSY + 1];	/* workers per state */
	int			 nw;
	struct sb_view		 w[SB_SLOTS];
} st;

static void
collect(int lfd)
{
	int i;

	memset(&st, 0, sizeof(st));
	st.started = sb_board->started;
	st.uptime = (sb_now_ns() - sb_board->started_mono) / 1000000000LL;
	st.accepted = sb_accepted_total();
	st.slow = atomic_load(&sb_board->slow);
	st.crashes = atomic_load(&sb_board->crashes);
	st.timeouts = atomic_load(&sb_board->timeouts);
	st.recycles = atomic_load(&sb_board->recycles);
	st.reloads = atomic_load(&sb_board->reloads);
	listen_queue(lfd, &st.lq);
	for (i = 0; i < SB_SLOTS; i++)
		if (sb_read(i, &st.w[st.nw]) == 0) {
			st.count[st.w[st.nw].state]++;
			st.nw++;
		}
}

static char *
iso_time(char *dst, size_t len, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(dst, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return dst;
}

static void
status_text(struct buf *b)
{
	char t[32], ph[64], path[3 * SB_PATH + 1];
	const struct sb_view *w;
	int i;

	buf_printf(b, "selfcare %s\n", PACKAGE_VERSION);
	buf_printf(b, "start time:         %s\n", iso_time(t, sizeof(t), st.started));
	buf_printf(b, "uptime:             %lld s\n", st.uptime);
	buf_printf(b, "requests accepted:  %llu\n", st.accepted);
	buf_printf(b, "slow requests:      %llu\n", st.slow);
	if (st.lq.ok)
		buf_printf(b, "listen queue:       %u of %u (%s)\n", st.lq.queue,
		    st.lq.backlog, st.lq.source);
	else
		buf_puts(b, "listen queue:       unknown\n");
	buf_printf(b, "workers:            %d: %d busy, %d reading, %d idle\n", st.nw,
	    st.count[SB_BUSY], st.count[SB_READING], st.count[SB_IDLE]);
	buf_printf(b, "worker restarts:    %llu crash, %llu time limit, %llu recycle\n",
	    st.crashes, st.timeouts, st.recycles);
	buf_printf(b, "reloads:            %llu\n\n", st.reloads);
	buf_printf(b, "%-8s %-8s %8s %10s %-16s %-6s %-24s %s\n", "pid", "state",
	    "served", "elapsed", "request", "method", "phase", "path");
	for (i = 0; i < st.nw; i++) {
		w = &st.w[i];
		if (w->state != SB_BUSY) {
			buf_printf(b, "%-8d %-8s %8llu %10s %-16s %-6s %-24s %s\n", w->pid,
			    sb_state_name(w->state), w->served, "-", "-", "-", "-", "-");
			continue;
		}
		buf_printf(b, "%-8d %-8s %8llu %8lldms %-16s %-6s %-24s %s\n", w->pid,
		    sb_state_name(w->state), w->served, w->elapsed_ms,
		    w->id[0] ? w->id : "-", w->method[0] ? w->method : "-",
		    sb_phase_name(w->phase, ph, sizeof(ph)),
		    log_path(path, sizeof(path), w->path[0] ? w->path : "-"));
	}
}

static void
attr_u(xmlNodePtr e, const char *name, unsigned long long v)
{
	x_attr_int(e, name, (long long)v);
}

static void
status_xml(struct buf *b)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root, e, ws, w;
	xmlChar *out = NULL;
	char t[32], ph[64];
	int i, len = 0;

	root = xmlNewDocNode(doc, NULL, BAD_CAST "status", NULL);
	xmlDocSetRootElement(doc, root);
	x_attr(root, "version", PACKAGE_VERSION);
	e = x_el(root, "start");
	x_attr(e, "time", iso_time(t, sizeof(t), st.started));
	x_attr_int(e, "uptime", st.uptime);
	e = x_el(root, "requests");
	attr_u(e, "accepted", st.accepted);
	attr_u(e, "slow", st.slow);
	e = x_el(root, "listen");
	if (st.lq.ok) {
		attr_u(e, "queue", st.lq.queue);
		attr_u(e, "backlog", st.lq.backlog);
		x_attr(e, "source", st.lq.source);
	}
	e = x_el(root, "restarts");
	attr_u(e, "crash", st.crashes);
	attr_u(e, "timeout", st.timeouts);
	attr_u(e, "recycle", st.recycles);
	attr_u(e, "reload", st.reloads);
	ws = x_el(root, "workers");
	x_attr_int(ws, "total", st.nw);
	x_attr_int(ws, "busy", st.count[SB_BUSY]);
	x_attr_int(ws, "reading", st.count[SB_READING]);
	x_attr_int(ws, "idle", st.count[SB_IDLE]);
	for (i = 0; i < st.nw; i++) {
		w = x_el(ws, "worker");
		x_attr_int(w, "pid", st.w[i].pid);
		x_attr(w, "state", sb_state_name(st.w[i].state));
		attr_u(w, "served", st.w[i].served);
		x_attr(w, "started", iso_time(t, sizeof(t), st.w[i].started));
		if (st.w[i].state != SB_BUSY)
			continue;
		e = x_el(w, "request");
		if (st.w[i].id[0])
			x_attr(e, "id", st.w[i].id);
		if (st.w[i].method[0])
			x_attr(e, "method", st.w[i].method);
		x_attr_int(e, "elapsed-ms", st.w[i].elapsed_ms);
		x_attr(e, "phase", sb_phase_name(st.w[i].phase, ph, sizeof(ph)));
		if (st.w[i].path[0])
			x_attr(e, "path", st.w[i].path);
	}
	xmlDocDumpFormatMemoryEnc(doc, &out, &len, "UTF-8", 1);
	if (out != NULL)
		buf_add(b, out, (size_t)len);
	xmlFree(out);
	pool_free_doc(doc);
}

/* One metric family: its TYPE and HELP lines (and UNIT when it has one). */
static void
om_family(struct buf *b, const char *name, const char *type, const char *unit,
    const char *help)
{
	buf_printf(b, "# TYPE %s %s\n", name, type);
	if (unit)
		buf_printf(b, "# UNIT %s %s\n", name, unit);
	buf_printf(b, "# HELP %s %s\n", name, help);
}

static void
status_openmetrics(struct buf *b)
{
	static const struct { int state; const char *name; } states[] = {
		{ SB_IDLE, "idle" }, { SB_READING, "reading" }, { SB_BUSY, "busy" },
	};
	size_t i;
	int k;

	om_family(b, "selfcare_build", "info", NULL, "The running version.");
	buf_printf(b, "selfcare_build_info{version=\"%s\"} 1\n", PACKAGE_VERSION);
	om_family(b, "selfcare_start_time_seconds", "gauge", "seconds",
	    "When the supervisor started (Unix time).");
	buf_printf(b, "selfcare_start_time_seconds %lld\n", st.started);
	om_family(b, "selfcare_uptime_seconds", "gauge", "seconds",
	    "Seconds since the supervisor started.");
	buf_printf(b, "selfcare_uptime_seconds %lld\n", st.uptime);
	om_family(b, "selfcare_requests", "counter", NULL,
	    "Requests the workers accepted since the supervisor started.");
	buf_printf(b, "selfcare_requests_total %llu\n", st.accepted);
	om_family(b, "selfcare_slow_requests", "counter", NULL,
	    "Requests that ran past request_slowlog_timeout.");
	buf_printf(b, "selfcare_slow_requests_total %llu\n", st.slow);
	if (st.lq.ok) {
		om_family(b, "selfcare_listen_queue", "gauge", NULL,
		    "Connections waiting in the listening socket's queue.");
		buf_printf(b, "selfcare_listen_queue %u\n", st.lq.queue);
		om_family(b, "selfcare_listen_queue_max", "gauge", NULL,
		    "How many connections the listening socket's queue holds.");
		buf_printf(b, "selfcare_listen_queue_max %u\n", st.lq.backlog);
	}
	om_family(b, "selfcare_workers", "gauge", NULL, "Workers by state.");
	for (i = 0; i < COUNTOF(states); i++)
		buf_printf(b, "selfcare_workers{state=\"%s\"} %d\n", states[i].name,
		    st.count[states[i].state]);
	om_family(b, "selfcare_worker_restarts", "counter", NULL,
	    "Workers replaced: crashed, ended by request_timeout, recycled "
	    "after max_requests.");
	buf_printf(b, "selfcare_worker_restarts_total{reason=\"crash\"} %llu\n",
	    st.crashes);
	buf_printf(b, "selfcare_worker_restarts_total{reason=\"timeout\"} %llu\n",
	    st.timeouts);
	buf_printf(b, "selfcare_worker_restarts_total{reason=\"recycle\"} %llu\n",
	    st.recycles);
	om_family(b, "selfcare_reloads", "counter", NULL,
	    "Reloads of the configuration (SIGHUP, SIGUSR2).");
	buf_printf(b, "selfcare_reloads_total %llu\n", st.reloads);
	om_family(b, "selfcare_worker_requests", "counter", NULL,
	    "Requests each present worker accepted.");
	for (k = 0; k < st.nw; k++)
		buf_printf(b, "selfcare_worker_requests_total{pid=\"%d\"} %llu\n",
		    st.w[k].pid, st.w[k].served);
	om_family(b, "selfcare_worker_request_elapsed_seconds", "gauge", "seconds",
	    "How long each busy worker's request has run.");
	for (k = 0; k < st.nw; k++)
		if (st.w[k].state == SB_BUSY)
			buf_printf(b, "selfcare_worker_request_elapsed_seconds"
			    "{pid=\"%d\"} %lld.%03lld\n", st.w[k].pid,
			    st.w[k].elapsed_ms / 1000, st.w[k].elapsed_ms % 1000);
	buf_puts(b, "# EOF\n");
}

static int
status_page(struct ctx *c, int lfd, const char *accept)
{
	const struct request *r = c->req;
	struct buf b = { 0 };
	const char *ct;
	int rc;

	if (sb_board == NULL)
		return render_error(c, 503);
	collect(lfd);
	if (kv_get(&r->query, "openmetrics") != NULL ||
	    (accept != NULL && strstr(accept, "application/openmetrics-text") != NULL)) {
		status_openmetrics(&b);
		ct = "application/openmetrics-text; version=1.0.0; charset=utf-8";
	} else if (kv_get(&r->query, "xml") != NULL || r->want_xml) {
		status_xml(&b);
		ct = "application/xml; charset=utf-8";
	} else {
		status_text(&b);
		ct = "text/plain; charset=utf-8";
	}
	rc = page_send(c, 200, ct, b.p ? b.p : "", b.len, NULL);
	buf_free(&b);
	return rc;
}

/* ---- ping --------------------------------------------------------------------- */

static int
ping_page(struct ctx *c)
{
	static const char pong[] = "pong\n";
	static const char down[] = "database unavailable: it did not answer SELECT 1\n";
	struct dbrow row;

	if (db_one(c->db, &stmts[0], &row) == 1)
		return page_send(c, 200, "text/plain; charset=utf-8", pong,
		    sizeof(pong) - 1, NULL);
	return page_send(c, 503, "text/plain; charset=utf-8", down, sizeof(down) - 1,
	    NULL);
}

int
ops_serve(struct ctx *c, int page, int lfd, const char *accept)
{
	if (c->req->method != METHOD_GET && c->req->method != METHOD_HEAD)
		return render_error(c, 405);
	return page == OPS_STATUS ? status_page(c, lfd, accept) : ping_page(c);
}

const struct module ops_module = {
	.name = "ops", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
