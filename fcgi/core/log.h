/*
 * One line per event, to stderr or a file; never codes, tokens or keys.
 * Lines start with a UTC time stamp, the pid and the level; on stderr under
 * systemd (JOURNAL_STREAM names it, or log_priority_prefix = yes) with the
 * syslog priority "<3>", "<4>" or "<6>" instead of the time, which journald
 * turns into the entry's priority (journalctl -p warning).
 */
#ifndef SELFCARE_LOG_H
#define SELFCARE_LOG_H

#include <stddef.h>

int	 log_open(const char *path);	/* empty or NULL: stderr */
/* The slow-request log: empty or NULL: the main log. */
int	 log_open_slow(const char *path);
/* The "<N>" prefix on stderr: -1 when stderr is the journal, 0 never, 1 always. */
void	 log_set_prefix(int mode);
/* Opens the files again by name (after a rotation); async-signal-safe. */
int	 log_reopen(void);

void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
/* A warning into the slow-request log. */
void	 log_slow(const char *, ...) __attribute__((format(printf, 1, 2)));

/* A request path as one log field (percent-encoded blanks and quotes). */
char	*log_path(char *dst, size_t len, const char *path);

/* The access line of one request (README "Logs"). */
struct log_req {
	const char	*id;
	const char	*client;
	const char	*method;
	const char	*path;
	int		 status;
	size_t		 bytes;	/* body bytes sent */
	long long	 ms;
	long long	 user;	/* 0: nobody logged in */
};
void	 log_request(const struct log_req *);

#endif
