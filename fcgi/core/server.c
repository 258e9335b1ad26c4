/* Supervisor and workers; see server.h. */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <libxml/parser.h>

#include "api/hub.h"
#include "core/auth.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/limit.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/ops.h"
#include "billing/pdf.h"
#include "billing/queue.h"
#include "subscriptions/bulk.h"
#include "mail/mail.h"
#include "orders/provision.h"
#include "mail/sms.h"
#include "core/page.h"
#include "core/pool.h"
#include "core/render.h"
#include "core/request.h"
#include "core/dispatch.h"
#include "core/scoreboard.h"
#include "core/util.h"
#include "core/xmlsafe.h"

#define MAX_WORKERS SB_SLOTS

static volatile sig_atomic_t got_term, got_hup, got_chld, got_usr1;
static volatile sig_atomic_t in_request;

/* The supervisor's: SIGUSR2 reloads like SIGHUP (php-fpm's meaning). */
static void
on_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP || sig == SIGUSR2)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
	else if (sig == SIGUSR1)
		got_usr1 = 1;
}

/* A child's SIGUSR1: the log files again, at once, busy or idle. */
static void
on_reopen(int sig)
{
	int saved = errno;

	(void)sig;
	log_reopen();
	errno = saved;
}

static void
set_handler(int sig, void (*fn)(int), int restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(sig, &sa, NULL);
}

/* ---- the listening socket ------------------------------------------------ */

static int
is_listening_socket(int fd)
{
	int v = 0;
	socklen_t len = sizeof(v);

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v;
}

int
server_inherited(void)
{
	return is_listening_socket(0);
}

static int
listen_unix(const struct conf *c)
{
	struct sockaddr_un sun;
	int fd;
	mode_t old;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(c->listen) >= sizeof(sun.sun_path)) {
		log_error("listen: path too long");
		return -1;
	}
	memcpy(sun.sun_path, c->listen, strlen(c->listen) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	unlink(c->listen);
	/* Created with no access, then opened to exactly the mode configured. */
	old = umask(0777);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		umask(old);
		log_error("listen %s: %s", c->listen, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	if (c->listen_group[0]) {
		struct group *g = getgrnam(c->listen_group);

		if (g == NULL || chown(c->listen, (uid_t)-1, g->gr_gid) == -1) {
			log_error("listen_group %s: cannot set", c->listen_group);
			close(fd);
			return -1;
		}
	}
	if (chmod(c->listen, c->listen_mode) == -1 || listen(fd, 256) == -1) {
		log_error("listen %s: %s", c->listen, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int
listen_tcp(const struct conf *c)
{
	struct addrinfo hints, *res = NULL;
	char host[256], *colon;
	int fd = -1, on = 1;

	snprintf(host, sizeof(host), "%s", c->listen);
	if ((colon = strrchr(host, ':')) == NULL)
		return -1;
	*colon = '\0';
	if (host[0] == '[' && colon[-1] == ']')
		colon[-1] = '\0';	/* [::1]:9000 */
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
	if (getaddrinfo(host[0] == '[' ? host + 1 : host, colon + 1, &hints, &res) != 0) {
		log_error("listen %s: not a numeric address and port", c->listen);
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) == -1 || listen(fd, 256) == -1) {
		log_error("listen %s: %s", c->listen, strerror(errno));
		if (fd != -1)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	/* Over TCP only FCGI_WEB_SERVER_ADDRS may connect (libfcgi checks it). */
	if (fd != -1 && getenv("FCGI_WEB_SERVER_ADDRS") == NULL)
		log_warn("listening on TCP without FCGI_WEB_SERVER_ADDRS: any local "
		    "process may connect");
	return fd;
}

/* ---- one request ----------------------------------------------------------- */

static const char *
method_name(enum method m)
{
	return m == METHOD_POST ? "POST" : m == METHOD_GET ? "GET" :
	    m == METHOD_HEAD ? "HEAD" : "OTHER";
}

static void
handle(FCGX_Request *fr, const struct conf *conf, struct db *db, int lfd)
{
	struct request req;
	struct log_req lr;
	struct ctx c;
	struct timespec end;
	int rc, status, page;

	pool_begin();
	memset(&c, 0, sizeof(c));
	c.conf = conf;
	c.db = db;
	db_counts_reset(db);
	c.req = &req;
	c.out = fr->out;
	c.lang = conf->default_lang;
	limit_ctx(&c);
	rc = req_parse(&req, fr->envp, fr->in);
	sb_request(&req, method_name(req.method));
	sb_phase(SB_PHASE(PH_HANDLER, 0));
	if (rc != REQ_OK)
		status = render_error(&c, rc == REQ_TOO_LARGE ? 413 : 400);
	else if ((page = ops_which(conf, &req)) != OPS_NONE)
		status = ops_serve(&c, page, lfd, FCGX_GetParam("HTTP_ACCEPT", fr->envp));
	else
		status = route_dispatch(&c);
	clock_gettime(CLOCK_MONOTONIC, &end);
	/* The path only: query strings may carry personal data. */
	lr = (struct log_req){ req.id, req.remote_addr, method_name(req.method),
		req.path, status, c.bytes,
		(end.tv_sec - req.start.tv_sec) * 1000LL +
		(end.tv_nsec - req.start.tv_nsec) / 1000000, c.sess.user_id };
	log_request(&lr);
	limit_ctx(NULL);
	pool_free_doc(c.doc);
	pool_end();
	buf_free(&c.headers);
	req_free(&req);
}

/* ---- workers ---------------------------------------------------------------- */

static void
on_worker_term(int sig)
{
	(void)sig;
	/* Idle (waiting in accept): leave now. Busy: finish the request first. */
	if (!in_request)
		_exit(0);
	got_term = 1;
}

/* Over TCP only the addresses in FCGI_WEB_SERVER_ADDRS may talk to us
 * (libfcgi's rule, kept now that the worker accepts by itself). */
static int
peer_allowed(int fd)
{
	const char *list = getenv("FCGI_WEB_SERVER_ADDRS");
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[INET6_ADDRSTRLEN], *copy, *tok, *save = NULL;
	int ok = 0;

	if (list == NULL || *list == '\0' ||
	    getpeername(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6))
		return 1;
	if (getnameinfo((struct sockaddr *)&ss, len, addr, sizeof(addr), NULL, 0,
	    NI_NUMERICHOST) != 0)
		return 0;
	copy = estrdup(list);
	for (tok = strtok_r(copy, ", ", &save); tok && !ok; tok = strtok_r(NULL, ", ", &save))
		ok = strcmp(tok, addr) == 0;
	free(copy);
	return ok;
}

/*
 * The worker accepts connections itself instead of letting libfcgi do it,
 * so that each connection gets receive and send time-outs before libfcgi
 * reads the request: a peer that sends half a request (no end of PARAMS)
 * would otherwise hold the worker for ever, outside the per-request alarm.
 */
static int
accept_conn(int lfd, int timeout)
{
	struct timeval tv = { timeout, 0 };
	int fd;

	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN ||
			    errno == EPROTO)
				continue;
			log_error("accept: %s", strerror(errno));
			return -1;
		}
		if (!peer_allowed(fd)) {
			close(fd);
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		return fd;
	}
}

/* A child's signals: SIGTERM as given; the reloads and ^C are the
 * supervisor's; SIGUSR1 reopens the logs. */
static void
child_signals(void (*on_term)(int), int restart)
{
	set_handler(SIGTERM, on_term, restart);
	set_handler(SIGINT, SIG_IGN, 0);
	set_handler(SIGHUP, SIG_IGN, 0);
	set_handler(SIGUSR2, SIG_IGN, 0);
	set_handler(SIGUSR1, on_reopen, 1);
	set_handler(SIGCHLD, SIG_DFL, 1);
	set_handler(SIGPIPE, SIG_IGN, 1);
}

static int
worker_main(int lfd, const struct conf *conf, int slot)
{
	FCGX_Request fr;
	struct db *db;
	int served = 0;

	child_signals(on_worker_term, 1);
	sb_attach(slot);
	/* A fixed threshold: a big request's large blocks (an API body, an
	 * import batch) are mapped and given back when freed, instead of
	 * glibc raising the threshold and keeping them in the heap for good. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
	limit_init(conf);	/* the SIGALRM handler and its answers */
	db = db_new(conf);
	/* listen_sock -1: libfcgi never accepts by itself (see accept_conn). */
	FCGX_InitRequest(&fr, -1, 0);
	while (!got_term && served < conf->max_requests) {
		if (fr.ipcFd < 0) {	/* no connection kept from the last request */
			if ((fr.ipcFd = accept_conn(lfd, conf->request_timeout)) < 0)
				break;
			/* FCGX_Accept_r first finishes "the previous request"; this
			 * keeps it from closing the connection just accepted. The
			 * BEGIN_REQUEST record then sets the real value. */
			fr.keepConnection = 1;
		}
		sb_reading();
		if (FCGX_Accept_r(&fr) < 0) {
			sb_idle();
			continue;	/* a broken or stalled request: libfcgi closed it */
		}
		in_request = 1;
		sb_accepted();
		limit_begin(&fr);
		alarm((unsigned)conf->request_timeout);
		handle(&fr, conf, db, lfd);
		FCGX_Finish_r(&fr);
		limit_end();
		alarm(0);
		sb_idle();
		in_request = 0;
		served++;
	}
	FCGX_Free(&fr, 1);
	db_free(db);
	limit_free();
	render_free();
	pdf_cleanup();	/* pango's and cairo's caches, for a leak check's sake */
	return 0;
}

/*
 * The jobs queued for work outside the request, each kind in a process of
 * the mail child's own, one at a time, so that mail goes on meanwhile; it
 * finishes its job even when the server stops.
 */
static const struct background {
	int	(*pending)(struct db *);
	int	(*work)(struct db *, const struct conf *, FILE *, FILE *);
} backgrounds[] = {
	{ billing_queue_pending, billing_queue_work },	/* billing/queue.h */
	{ bulk_pending, bulk_work },			/* subscriptions/bulk.h */
};

static void
background_jobs(struct db *db, const struct conf *conf, pid_t *job)
{
	size_t i;
	pid_t pid;

	for (i = 0; i < COUNTOF(backgrounds); i++) {
		if (job[i] > 0 && waitpid(job[i], NULL, WNOHANG) == 0)
			continue;
		job[i] = 0;
		if (backgrounds[i].pending(db) != 1)
			continue;
		if ((pid = fork()) == 0) {
			/* The parent's connection is its own. */
			struct db *own = db_new(conf);
			int rc = backgrounds[i].work(own, conf, stdout, stderr);

			db_free(own);
			_exit(rc < 0);
		}
		if (pid == -1)
			log_error("fork: %s", strerror(errno));
		else
			job[i] = pid;
	}
}

static int
mailer_main(const struct conf *conf)
{
	struct db *db = db_new(conf);
	unsigned rounds = 0;
	pid_t job[COUNTOF(backgrounds)] = { 0 };

	child_signals(on_signal, 0);
	while (!got_term) {
		mail_deliver(db, conf);
		sms_deliver(db, conf);
		provision_deliver(db, conf);
		hub_deliver(db, conf);
		background_jobs(db, conf, job);
		/* Housekeeping rides along: old sessions and codes go every ~10 min. */
		if (rounds++ % (600 / (unsigned)conf->mail_interval + 1) == 0) {
			auth_purge(db);
		}
		sleep((unsigned)conf->mail_interval);
	}
	db_free(db);
	pdf_cleanup();
	mail_cleanup();
	hub_cleanup();
	return 0;
}

/* ---- the supervisor --------------------------------------------------------- */

struct child {
	pid_t	pid;
	int	generation;
	int	is_mailer;
	int	asked;		/* sent SIGTERM: its exit is no restart */
};

static struct child kids[MAX_WORKERS + 1];
static int generation;

/* Slot i of the scoreboard is kids[i]'s (the mail child uses none). */
static pid_t
spawn(int lfd, const struct conf *conf, int is_mailer, int slot)
{
	pid_t pid;

	if (!is_mailer)
		sb_clear(slot);
	if ((pid = fork()) == 0) {
		sigset_t none;
		int rc;

		/* The supervisor blocks its signals; a child starts with none blocked. */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		rc = is_mailer ? mailer_main(conf) : worker_main(lfd, conf, slot);

		_exit(rc);
	}
	if (pid == -1)
		log_error("fork: %s", strerror(errno));
	return pid;
}

static void
fill(int lfd, const struct conf *conf)
{
	int i, want = conf->workers + (conf->mail_interval > 0);

	for (i = 0; i < want; i++) {
		if (kids[i].pid > 0)
			continue;
		kids[i].is_mailer = i == conf->workers;
		kids[i].generation = generation;
		kids[i].asked = 0;
		kids[i].pid = spawn(lfd, conf, kids[i].is_mailer, i);
	}
}

static void
signal_all(int sig, int older_than_generation)
{
	size_t i;

	for (i = 0; i < COUNTOF(kids); i++)
		if (kids[i].pid > 0 && (older_than_generation < 0 ||
		    kids[i].generation < older_than_generation)) {
			if (sig == SIGTERM || sig == SIGKILL)
				kids[i].asked = 1;
			kill(kids[i].pid, sig);
		}
}

/*
 * The request a worker was ended for, from its slot: the reason, and the
 * access line the worker could not write (the client got the 504 page, or
 * the part of the response that had gone out).
 */
static void
log_timeout(const struct conf *conf, pid_t pid, int slot)
{
	struct sb_view v;
	struct log_req lr;
	char ph[64], path[3 * SB_PATH + 1];

	if (sb_read(slot, &v) == -1 || v.pid != pid) {
		log_warn("worker %d: request time limit reached; replacing it", (int)pid);
		return;
	}
	log_warn("worker %d: request time limit reached (%d s): request id=%s "
	    "method=%s path=%s phase=%s; %s; replacing it", (int)pid,
	    conf->request_timeout, v.id[0] ? v.id : "-", v.method[0] ? v.method : "-",
	    log_path(path, sizeof(path), v.path[0] ? v.path : "-"),
	    sb_phase_name(v.phase, ph, sizeof(ph)),
	    v.status == LIMIT_STATUS ? "answered 504" : "its response was cut short");
	lr = (struct log_req){ v.id, v.client, v.method[0] ? v.method : "-",
		v.path[0] ? v.path : "-", v.status, v.bytes, v.elapsed_ms, v.user };
	log_request(&lr);
}

/* Reaps children; returns how many died in a way that was not asked for. */
static int
reap(const struct conf *conf)
{
	int status, crashes = 0;
	struct sb_view v;
	pid_t pid;
	size_t i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < COUNTOF(kids); i++)
			if (kids[i].pid == pid)
				break;
		if (i == COUNTOF(kids))
			continue;
		kids[i].pid = 0;
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGTERM &&
		    !(kids[i].asked && WTERMSIG(status) == SIGKILL)) {
			log_warn("worker %d died from signal %d; replacing it",
			    (int)pid, WTERMSIG(status));
			atomic_fetch_add(&sb_board->crashes, 1);
			crashes++;
		} else if (WIFEXITED(status) && WEXITSTATUS(status) == LIMIT_EXIT &&
		    !kids[i].is_mailer) {
			log_timeout(conf, pid, (int)i);
			atomic_fetch_add(&sb_board->timeouts, 1);
		} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
			log_warn("worker %d exited with %d; replacing it", (int)pid,
			    WEXITSTATUS(status));
			atomic_fetch_add(&sb_board->crashes, 1);
			crashes++;
		} else if (!kids[i].asked && !kids[i].is_mailer) {
			if (sb_read((int)i, &v) == 0)
				log_info("worker %d recycled after %llu requests",
				    (int)pid, v.served);
			atomic_fetch_add(&sb_board->recycles, 1);
		}
		if (!kids[i].is_mailer)
			sb_clear((int)i);
	}
	return crashes;
}

static int
live_children(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < COUNTOF(kids); i++)
		n += kids[i].pid > 0;
	return n;
}

/* The log files as the configuration names them, and how lines look. */
static int
open_logs(const struct conf *conf)
{
	log_set_prefix(conf->log_priority_prefix);
	if (log_open_slow(conf->slowlog) == -1) {
		log_error("slowlog %s: %s", conf->slowlog, strerror(errno));
		return -1;
	}
	return 0;
}

static int
reload(const char *conf_path, struct conf *conf)
{
	struct conf fresh;
	char err[1024];

	if (conf_load(&fresh, conf_path, err, sizeof(err)) == -1 ||
	    ops_check(&fresh, err, sizeof(err)) == -1) {
		log_error("reload: %s; keeping the running configuration", err);
		conf_free(&fresh);	/* conf_load set its defaults first */
		return -1;
	}
	if (strcmp(fresh.listen, conf->listen) != 0)
		log_warn("reload: a new listen address needs a restart; keeping %s",
		    conf->listen);
	xmlsafe_init(fresh.xsl_dir, fresh.schema_dir);
	i18n_offer(fresh.languages);
	if (render_init(fresh.xsl_dir, err, sizeof(err)) == -1) {
		log_error("reload: %s; keeping the running configuration", err);
		conf_free(&fresh);
		xmlsafe_init(conf->xsl_dir, conf->schema_dir);
		i18n_offer(conf->languages);
		render_init(conf->xsl_dir, err, sizeof(err));
		return -1;
	}
	/* A log file that cannot be opened refuses the reload as a bad value
	 * would (a failed open keeps the file open before). */
	if (log_open(fresh.log_file) == -1 || open_logs(&fresh) == -1) {
		log_error("reload: log_file %s or slowlog %s cannot be opened (%s); keeping "
		    "the running configuration", fresh.log_file, fresh.slowlog,
		    strerror(errno));
		log_open(conf->log_file);
		open_logs(conf);
		conf_free(&fresh);
		xmlsafe_init(conf->xsl_dir, conf->schema_dir);
		i18n_offer(conf->languages);
		render_init(conf->xsl_dir, err, sizeof(err));
		return -1;
	}
	/* Keep the listen address the socket really has. */
	free(fresh.listen);
	fresh.listen = estrdup(conf->listen);
	conf_free(conf);
	*conf = fresh;
	atomic_fetch_add(&sb_board->reloads, 1);
	return 0;
}

/*
 * php-fpm's slowlog: a request still running after request_slowlog_timeout
 * is reported once, while it runs, with what its worker is doing now.
 */
static unsigned long long slow_seen[SB_SLOTS];	/* the request last reported */

static void
check_slow(const struct conf *conf)
{
	char ph[64], path[3 * SB_PATH + 1];
	struct sb_view v;
	int i;

	for (i = 0; i < SB_SLOTS; i++) {
		if (sb_read(i, &v) == -1 || v.state != SB_BUSY ||
		    v.elapsed_ms < conf->request_slowlog_timeout ||
		    slow_seen[i] == v.requests)
			continue;
		slow_seen[i] = v.requests;
		atomic_fetch_add(&sb_board->slow, 1);
		log_slow("slow request id=%s worker=%d method=%s path=%s ms=%lld "
		    "phase=%s", v.id[0] ? v.id : "-", v.pid,
		    v.method[0] ? v.method : "-",
		    log_path(path, sizeof(path), v.path[0] ? v.path : "-"),
		    v.elapsed_ms, sb_phase_name(v.phase, ph, sizeof(ph)));
	}
}

/* Waits for a signal; with the slowlog on, at most a quarter of its time. */
static void
wait_signal(const struct conf *conf, const sigset_t *orig)
{
	struct timespec ts;
	long ms = conf->request_slowlog_timeout / 4;

	if (conf->request_slowlog_timeout <= 0) {
		sigsuspend(orig);
		return;
	}
	ms = ms < 50 ? 50 : ms > 1000 ? 1000 : ms;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	pselect(0, NULL, NULL, NULL, &ts, orig);
	check_slow(conf);
}

/*
 * SIGTERM: idle workers leave at once, busy ones after their request; what
 * is left after process_control_timeout (default: request_timeout) is
 * killed.
 */
static void
stop_children(const struct conf *conf)
{
	long long wait_ms = conf->process_control_timeout >= 0 ?
	    conf->process_control_timeout : conf->request_timeout * 1000LL;
	long long deadline = sb_now_ns() + wait_ms * 1000000LL;

	log_info("stopping: waiting up to %lld ms for requests in progress", wait_ms);
	signal_all(SIGTERM, -1);
	while (live_children() > 0 && sb_now_ns() < deadline) {
		usleep(20000);
		reap(conf);
	}
	if (live_children() > 0) {
		log_warn("stopping: %d children still running after %lld ms; killing them",
		    live_children(), wait_ms);
		signal_all(SIGKILL, -1);
	}
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

int
server_run(const char *conf_path, struct conf *conf)
{
	char err[1024];
	sigset_t block, orig;
	int lfd;
	size_t i;
	struct timespec last_crash = { 0, 0 };
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGCHLD };

	if (FCGX_Init() != 0) {
		log_error("FCGX_Init failed");
		return 1;
	}
	if (open_logs(conf) == -1)
		return EX_CANTCREAT;
	if (ops_check(conf, err, sizeof(err)) == -1) {
		log_error("%s", err);
		return EX_CONFIG;
	}
	/* Before the first fork: every child shares it. */
	if (sb_init() == -1) {
		log_error("scoreboard: %s", strerror(errno));
		return 1;
	}
	sb_name_statements(db_stmt_name);
	xmlsafe_init(conf->xsl_dir, conf->schema_dir);
	i18n_offer(conf->languages);
	/* Compiled once here, shared copy-on-write by every worker. */
	if (render_init(conf->xsl_dir, err, sizeof(err)) == -1) {
		log_error("%s", err);
		return 1;
	}
	if (is_listening_socket(0)) {
		lfd = 0;	/* spawn-fcgi or systemd socket activation */
		log_info("using the inherited listening socket");
	} else if (conf->listen[0] == '/')
		lfd = listen_unix(conf);
	else
		lfd = listen_tcp(conf);
	if (lfd == -1)
		return 1;

	sigemptyset(&block);
	for (i = 0; i < COUNTOF(sigs); i++) {
		sigaddset(&block, sigs[i]);
		set_handler(sigs[i], on_signal, 1);
	}
	set_handler(SIGPIPE, SIG_IGN, 1);
	sigprocmask(SIG_BLOCK, &block, &orig);

	log_info("selfcare %s serving %s with %d workers", PACKAGE_VERSION,
	    lfd == 0 ? "inherited socket" : conf->listen, conf->workers);
	fill(lfd, conf);
	while (!got_term) {
		wait_signal(conf, &orig);
		if (got_chld) {
			struct timespec now;

			got_chld = 0;
			if (reap(conf) > 0) {
				/* Crashing in a loop must not become a fork storm. */
				clock_gettime(CLOCK_MONOTONIC, &now);
				if (now.tv_sec == last_crash.tv_sec)
					usleep(200000);
				last_crash = now;
			}
		}
		if (got_usr1) {
			/* logrotate moved the files: ours first, then the children's. */
			got_usr1 = 0;
			if (log_reopen() == -1)
				log_error("SIGUSR1: cannot reopen the log files (%s); "
				    "still writing to the old ones", strerror(errno));
			else
				log_info("SIGUSR1: log files reopened");
			signal_all(SIGUSR1, -1);
		}
		if (got_hup) {
			got_hup = 0;
			if (reload(conf_path, conf) == 0) {
				generation++;
				log_info("reloaded: replacing workers");
				/* Old workers finish their request and leave. */
				signal_all(SIGTERM, generation);
			}
		}
		if (!got_term) {
			/* Workers of an older generation are replaced as they leave. */
			fill(lfd, conf);
		}
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	stop_children(conf);
	if (lfd != 0 && conf->listen[0] == '/')
		unlink(conf->listen);
	render_free();
	log_info("stopped");
	return 0;
}
