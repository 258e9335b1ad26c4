/*
 * Logging: each line is written with one write(2) on an O_APPEND descriptor,
 * so lines from several workers never interleave. Reopening (SIGUSR1, after
 * logrotate) opens the file by its name again and puts the new descriptor in
 * the old one's place with dup3: every write goes either to the old file or
 * to the new one, never to a closed descriptor, and it is safe in a signal
 * handler (open, dup3 and close are plain system calls; the names live in
 * static arrays).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

struct logfile {
	int	 fd;		/* -1: not open */
	char	 path[1025];	/* "": stderr (the main log) or the main log (slowlog) */
};

static struct logfile main_log = { 2, "" };
static struct logfile slow_log = { -1, "" };
static int prefix;		/* "<N>" before each line, no time stamp (journald) */
static int prefix_mode = -1;	/* -1 auto, 0 no, 1 yes */

/*
 * systemd sets JOURNAL_STREAM to "DEVICE:INODE" of the stream it connected
 * stdout/stderr to; it names our stderr only if nobody redirected it since.
 */
static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char *end;

	if (js == NULL || fstat(2, &st) == -1)
		return 0;
	errno = 0;
	dev = strtoull(js, &end, 10);
	if (errno || *end != ':')
		return 0;
	ino = strtoull(end + 1, &end, 10);
	return errno == 0 && *end == '\0' && dev == (unsigned long long)st.st_dev &&
	    ino == (unsigned long long)st.st_ino;
}

static void
decide_prefix(void)
{
	prefix = main_log.fd == 2 &&
	    (prefix_mode == 1 || (prefix_mode == -1 && stderr_is_journal()));
}

/* Opens path into l (its old descriptor replaced in place); "" closes it. */
static int
open_into(struct logfile *l, const char *path, int empty_fd)
{
	int fd;

	if (path == NULL || *path == '\0') {
		if (l->fd > 2)
			close(l->fd);
		l->fd = empty_fd;
		l->path[0] = '\0';
		return 0;
	}
	if (strlen(path) >= sizeof(l->path))
		return -1;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1)
		return -1;
	if (l->fd > 2) {
		if (dup3(fd, l->fd, O_CLOEXEC) == -1) {
			close(fd);
			return -1;
		}
		close(fd);
	} else
		l->fd = fd;
	memcpy(l->path, path, strlen(path) + 1);
	return 0;
}

int
log_open(const char *path)
{
	int rc = open_into(&main_log, path, 2);

	decide_prefix();
	return rc;
}

int
log_open_slow(const char *path)
{
	return open_into(&slow_log, path, -1);
}

void
log_set_prefix(int mode)
{
	prefix_mode = mode;
	decide_prefix();
}

int
log_reopen(void)
{
	const struct logfile *ls[] = { &main_log, &slow_log };
	int fd, rc = 0;
	size_t i;

	for (i = 0; i < sizeof(ls) / sizeof(ls[0]); i++) {
		if (ls[i]->path[0] == '\0' || ls[i]->fd <= 2)
			continue;
		fd = open(ls[i]->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
		if (fd == -1 || dup3(fd, ls[i]->fd, O_CLOEXEC) == -1)
			rc = -1;
		if (fd != -1)
			close(fd);
	}
	return rc;
}

static void
vlog(int fd, const char *level, int prio, const char *fmt, va_list ap)
{
	char line[2048];
	struct timespec ts;
	struct tm tm;
	int n, m;
	size_t i;

	if (prefix && fd == 2)
		/* journald reads the priority and stamps the time itself. */
		n = snprintf(line, sizeof(line), "<%d>[%d] %s ", prio, (int)getpid(),
		    level);
	else {
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n = snprintf(line, sizeof(line),
		    "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ [%d] %s ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, (int)getpid(), level);
	}
	if (n < 0)
		return;
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	/* A log line is one line: control characters from any source are blanked. */
	for (i = 0; i < (size_t)n; i++)
		if ((unsigned char)line[i] < 0x20)
			line[i] = ' ';
	line[n++] = '\n';
	(void)!write(fd, line, (size_t)n);
}

/* The syslog priorities of sd-daemon(3): LOG_ERR, LOG_WARNING, LOG_INFO. */
#define LOGFN(name, level, prio, fd)			\
void							\
name(const char *fmt, ...)				\
{							\
	va_list ap;					\
	int saved = errno;				\
							\
	va_start(ap, fmt);				\
	vlog(fd, level, prio, fmt, ap);			\
	va_end(ap);					\
	errno = saved;					\
}
LOGFN(log_info, "info", 6, main_log.fd)
LOGFN(log_warn, "warn", 4, main_log.fd)
LOGFN(log_error, "error", 3, main_log.fd)
LOGFN(log_slow, "warn", 4, slow_log.fd >= 0 ? slow_log.fd : main_log.fd)

char *
log_path(char *dst, size_t len, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)(path ? path : "-");

	/* Percent-encoded like a URL: no blank, quote or control character
	 * splits the field, and nothing decoded can forge another one. */
	for (; *p && o + 4 < len; p++) {
		if (*p <= 0x20 || *p == 0x7f || *p == '%' || *p == '"' || *p == '\\') {
			dst[o++] = '%';
			dst[o++] = hex[*p >> 4];
			dst[o++] = hex[*p & 15];
		} else
			dst[o++] = (char)*p;
	}
	dst[o] = '\0';
	return dst;
}

void
log_request(const struct log_req *r)
{
	char path[3 * 256 + 1];

	log_info("request id=%s client=%s method=%s path=%s status=%d bytes=%zu "
	    "ms=%lld user=%lld", r->id[0] ? r->id : "-",
	    r->client && *r->client ? r->client : "-", r->method,
	    log_path(path, sizeof(path), r->path), r->status, r->bytes, r->ms,
	    r->user);
}
