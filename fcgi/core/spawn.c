/* A configured command run with data on its stdin (see spawn.h). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/spawn.h"
#include "core/util.h"

#define WORDS_MAX	31

int
spawn_input(const char *cmd, const char *extra, const char *data, size_t len, char *err,
    size_t errlen)
{
	char *copy = estrdup(cmd), *argv[WORDS_MAX + 2], *tok, *save = NULL;
	int pfd[2], status, argc = 0;
	size_t off = 0;
	pid_t pid;

	for (tok = strtok_r(copy, " \t", &save); tok && argc < WORDS_MAX;
	    tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	if (extra != NULL && argc > 0)
		argv[argc++] = (char *)extra;
	argv[argc] = NULL;
	if (argc == 0 || pipe(pfd) == -1) {
		snprintf(err, errlen, "cannot run %s", argc ? argv[0] : "an empty command");
		free(copy);
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		free(copy);
		return -1;
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		dup2(pfd[0], 0);
		close(pfd[0]);
		close(pfd[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[0]);
	free(copy);
	/* A command that exits without reading must not kill us with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	while (off < len) {
		ssize_t n = write(pfd[1], data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(pfd[1]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			snprintf(err, errlen, "waitpid: %s", strerror(errno));
			return -1;
		}
	if (WIFSIGNALED(status)) {
		snprintf(err, errlen, "killed by signal %d", WTERMSIG(status));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "exit status %d", WEXITSTATUS(status));
		return -1;
	}
	if (off < len) {
		snprintf(err, errlen, "exited before reading its input");
		return -1;
	}
	return 0;
}
