/* One line per event, to stderr or a file; never codes, tokens or keys. */
#ifndef SELFCARE_LOG_H
#define SELFCARE_LOG_H

int	 log_open(const char *path);	/* empty or NULL: stderr */
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_error(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
