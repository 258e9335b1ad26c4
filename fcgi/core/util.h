/* Small helpers shared by every module: a growable byte buffer and checked allocation. */
#ifndef SELFCARE_UTIL_H
#define SELFCARE_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

void	*emalloc(size_t);
void	*ecalloc(size_t, size_t);
void	*erealloc(void *, size_t);
char	*estrdup(const char *);
char	*xstrndup(const char *, size_t);

void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_free(struct buf *);

/*
 * A string written into a fixed array, cut at its size and always
 * terminated: what snprintf gives for the money, dates and paths of every
 * page without parsing a format each time (~900 instructions a call).
 */
struct fixbuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};
void	 fix_init(struct fixbuf *, char *, size_t);
void	 fix_puts(struct fixbuf *, const char *);
void	 fix_putc(struct fixbuf *, char);
/* v in decimal, zero-padded to at least width digits. */
void	 fix_uint(struct fixbuf *, unsigned long long v, int width);
void	 fix_int(struct fixbuf *, long long v);

/* Parses a decimal integer in [min, max]; the whole string must be digits (optional '-'). */
int	 parse_int(const char *, long long min, long long max, long long *out);



/* Whether n bytes are well-formed UTF-8 without control characters other than tab/CR/LF. */
int	 utf8_valid(const char *, size_t n);
/* The characters of a well-formed UTF-8 string (what a VARCHAR(n) counts). */
size_t	 utf8_chars(const char *);
#endif
