/*
 * A minimal table-test harness: CHECK counts and reports failures with the
 * case that failed; main returns check_status() so automake sees FAIL.
 */
#ifndef SELFCARE_CHECK_H
#define SELFCARE_CHECK_H

#include <stdio.h>

static int check_failures, check_count;

#define CHECK(cond, ...) do {						\
	check_count++;							\
	if (!(cond)) {							\
		check_failures++;					\
		fprintf(stderr, "%s:%d: FAIL: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
	}								\
} while (0)

static int
check_status(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif
