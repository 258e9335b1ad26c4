/*
 * A configured command (sendmail, provision_command, sms_command) run with data on its
 * stdin: its words split on blanks and run by execv, without a shell or
 * PATH (conf.c checks the program is an absolute path, 31 words at most).
 */
#ifndef SELFCARE_SPAWN_H
#define SELFCARE_SPAWN_H

#include <stddef.h>

/*
 * Runs cmd (and extra, if not NULL, as one more argument: the SMS gateway's
 * number) with len bytes of data on stdin and waits for it: 0 when it read
 * them all and exited 0; -1 with why not in err ("exit status 3", "killed
 * by signal 9", ...).
 */
int	 spawn_input(const char *cmd, const char *extra, const char *data, size_t len,
	    char *err, size_t errlen);

#endif
