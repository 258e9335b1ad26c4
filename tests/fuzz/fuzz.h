/*
 * Shared helpers for the libFuzzer targets in tests/fuzz/ (see
 * tests/run-fuzz.sh). A failed CHECK is a finding: it aborts, so libFuzzer
 * reports it like a sanitizer error and saves the input.
 */
#ifndef SELFCARE_FUZZ_H
#define SELFCARE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: fuzz check failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* A heap copy of n bytes plus a NUL, sized exactly so ASan sees overreads. */
static inline char *
fuzz_strndup(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* An exact-size heap copy without terminator (NULL-safe for n == 0). */
static inline char *
fuzz_memdup(const uint8_t *p, size_t n)
{
	char *s = malloc(n ? n : 1);

	if (s == NULL)
		abort();
	if (n)
		memcpy(s, p, n);
	return s;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

#endif
