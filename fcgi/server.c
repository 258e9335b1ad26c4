/* Supervisor and workers; see server.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <libxml/parser.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "pdf.h"
#include "mail.h"
#include "page.h"
#include "pool.h"
#include "render.h"
#include "request.h"
#include "route.h"
#include "util.h"
#include "xmlsafe.h"

#define MAX_WORKERS 256

static volatile sig_atomic_t got_term, got_hup, got_chld;
static volatile sig_atomic_t in_request;

static void
on_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
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

static void
handle(FCGX_Request *fr, const struct conf *conf, struct db *db)
{
	struct request req;
	struct ctx c;
	struct timespec end;
	int rc, status;
	long ms;

	pool_begin();
	memset(&c, 0, sizeof(c));
	c.conf = conf;
	c.db = db;
	c.req = &req;
	c.out = fr->out;
	c.lang = conf->default_lang;
	rc = req_parse(&req, fr->envp, fr->in);
	if (rc == REQ_OK)
		status = route_dispatch(&c);
	else
		status = render_error(&c, rc == REQ_TOO_LARGE ? 413 : 400);
	clock_gettime(CLOCK_MONOTONIC, &end);
	ms = (end.tv_sec - req.start.tv_sec) * 1000 +
	    (end.tv_nsec - req.start.tv_nsec) / 1000000;
	/* The path only: query strings may carry personal data. */
	log_info("request %s %d %s %s %ldms user=%lld", req.id, status,
	    req.method == METHOD_POST ? "POST" : req.method == METHOD_GET ? "GET" :
	    req.method == METHOD_HEAD ? "HEAD" : "OTHER",
	    req.path ? req.path : "-", ms, c.sess.user_id);
	pool_free_doc(c.doc);
	pool_end();
	buf_free(&c.headers);
	req_free(&req);
}

/* ---- workers ---------------------------------------------------------------- */

static void
on_alarm(int sig)
{
	static const char msg[] = "selfcare: request time limit reached, worker ends\n";

	(void)sig;
	/* Nothing else is safe here: end the worker, the supervisor replaces it. */
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(3);
}

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
	copy = xstrdup(list);
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

static int
worker_main(int lfd, const struct conf *conf)
{
	FCGX_Request fr;
	struct db *db;
	int served = 0;

	set_handler(SIGTERM, on_worker_term, 1);
	set_handler(SIGINT, SIG_IGN, 0);
	set_handler(SIGHUP, SIG_IGN, 0);
	set_handler(SIGCHLD, SIG_DFL, 1);
	set_handler(SIGPIPE, SIG_IGN, 1);
	set_handler(SIGALRM, on_alarm, 0);
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
		if (FCGX_Accept_r(&fr) < 0)
			continue;	/* a broken or stalled request: libfcgi closed it */
		in_request = 1;
		alarm((unsigned)conf->request_timeout);
		handle(&fr, conf, db);
		FCGX_Finish_r(&fr);
		alarm(0);
		in_request = 0;
		served++;
	}
	FCGX_Free(&fr, 1);
	db_free(db);
	render_free();
	pdf_cleanup();	/* pango's and cairo's caches, for a leak check's sake */
	return 0;
}

static int
mailer_main(const struct conf *conf)
{
	struct db *db = db_new(conf);
	unsigned rounds = 0;

	set_handler(SIGTERM, on_signal, 0);
	set_handler(SIGHUP, SIG_IGN, 0);
	set_handler(SIGINT, SIG_IGN, 0);
	set_handler(SIGCHLD, SIG_DFL, 1);
	set_handler(SIGPIPE, SIG_IGN, 1);
	while (!got_term) {
		mail_deliver(db, conf);
		/* Housekeeping rides along: old sessions and codes go every ~10 min. */
		if (rounds++ % (600 / (unsigned)conf->mail_interval + 1) == 0) {
			db_run(db, ST_SESSIONS_PURGE, "");
			db_run(db, ST_CODES_PURGE, "");
		}
		sleep((unsigned)conf->mail_interval);
	}
	db_free(db);
	pdf_cleanup();
	mail_cleanup();
	return 0;
}

/* ---- the supervisor --------------------------------------------------------- */

struct child {
	pid_t	pid;
	int	generation;
	int	is_mailer;
};

static struct child kids[MAX_WORKERS + 1];
static int generation;

static pid_t
spawn(int lfd, const struct conf *conf, int is_mailer)
{
	pid_t pid = fork();

	if (pid == 0) {
		sigset_t none;
		int rc;

		/* The supervisor blocks its signals; a child starts with none blocked. */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		rc = is_mailer ? mailer_main(conf) : worker_main(lfd, conf);

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
		kids[i].pid = spawn(lfd, conf, kids[i].is_mailer);
	}
}

static void
signal_all(int sig, int older_than_generation)
{
	size_t i;

	for (i = 0; i < COUNTOF(kids); i++)
		if (kids[i].pid > 0 && (older_than_generation < 0 ||
		    kids[i].generation < older_than_generation))
			kill(kids[i].pid, sig);
}

/* Reaps children; returns how many died in a way that was not asked for. */
static int
reap(void)
{
	int status, crashes = 0;
	pid_t pid;
	size_t i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < COUNTOF(kids); i++)
			if (kids[i].pid == pid)
				break;
		if (i == COUNTOF(kids))
			continue;
		kids[i].pid = 0;
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGTERM) {
			log_warn("worker %d died from signal %d; replacing it",
			    (int)pid, WTERMSIG(status));
			crashes++;
		} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
			log_warn("worker %d exited with %d; replacing it", (int)pid,
			    WEXITSTATUS(status));
			crashes++;
		}
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

static int
reload(const char *conf_path, struct conf *conf)
{
	struct conf fresh;
	char err[1024];

	if (conf_load(&fresh, conf_path, err, sizeof(err)) == -1) {
		log_error("reload: %s; keeping the running configuration", err);
		return -1;
	}
	if (strcmp(fresh.listen, conf->listen) != 0)
		log_warn("reload: a new listen address needs a restart; keeping %s",
		    conf->listen);
	xmlsafe_init(fresh.xsl_dir, fresh.schema_dir);
	if (render_init(fresh.xsl_dir, err, sizeof(err)) == -1) {
		log_error("reload: %s; keeping the running configuration", err);
		conf_free(&fresh);
		xmlsafe_init(conf->xsl_dir, conf->schema_dir);
		render_init(conf->xsl_dir, err, sizeof(err));
		return -1;
	}
	/* Keep the listen address the socket really has. */
	free(fresh.listen);
	fresh.listen = xstrdup(conf->listen);
	conf_free(conf);
	*conf = fresh;
	log_open(conf->log_file);
	return 0;
}

int
server_run(const char *conf_path, struct conf *conf)
{
	char err[1024];
	sigset_t block, orig;
	int lfd, i;
	struct timespec last_crash = { 0, 0 };

	if (FCGX_Init() != 0) {
		log_error("FCGX_Init failed");
		return 1;
	}
	xmlsafe_init(conf->xsl_dir, conf->schema_dir);
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
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	set_handler(SIGTERM, on_signal, 1);
	set_handler(SIGINT, on_signal, 1);
	set_handler(SIGHUP, on_signal, 1);
	set_handler(SIGCHLD, on_signal, 1);
	set_handler(SIGPIPE, SIG_IGN, 1);
	sigprocmask(SIG_BLOCK, &block, &orig);

	log_info("selfcare %s serving %s with %d workers", PACKAGE_VERSION,
	    lfd == 0 ? "inherited socket" : conf->listen, conf->workers);
	fill(lfd, conf);
	while (!got_term) {
		sigsuspend(&orig);
		if (got_chld) {
			struct timespec now;

			got_chld = 0;
			if (reap() > 0) {
				/* Crashing in a loop must not become a fork storm. */
				clock_gettime(CLOCK_MONOTONIC, &now);
				if (now.tv_sec == last_crash.tv_sec)
					usleep(200000);
				last_crash = now;
			}
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
	log_info("stopping: waiting for requests in progress");
	signal_all(SIGTERM, -1);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	for (i = 0; i < 100 && live_children() > 0; i++) {
		reap();
		usleep(100000);
	}
	signal_all(SIGKILL, -1);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	if (lfd != 0 && conf->listen[0] == '/')
		unlink(conf->listen);
	render_free();
	log_info("stopped");
	return 0;
}
