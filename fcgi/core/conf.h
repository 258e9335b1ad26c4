/* The configuration file: `key = value` lines, validated as a whole before use. */
#ifndef SELFCARE_CONF_H
#define SELFCARE_CONF_H

#include <stddef.h>

#define CONF_KEYS_MAX	64	/* room in struct conf's line[] for the key table */

struct conf {
	char		*listen;
	unsigned	 listen_mode;
	char		*listen_group;
	int		 workers;
	int		 max_requests;
	int		 request_timeout;
	char		*db_socket;
	char		*db_host;
	int		 db_port;
	char		*db_name;
	char		*db_user;
	char		*db_password;
	char		*xsl_dir;
	char		*schema_dir;
	char		*secret_key_file;
	char		*sendmail;
	char		*mail_from;
	int		 mail_interval;
	char		*base_url;
	int		 cookie_secure;
	char		*default_lang;
	char		*log_file;
	char		*admin_host;	/* the back office on a host of its own ("": any) */
	char		*totp_issuer;	/* the name staff see in their authenticator app */
	/* Operation (README "Operation"): */
	char		*status_path;	/* "" : no status page */
	char		*ping_path;	/* "" : no ping page */
	char		*status_allow;	/* who may see them (REMOTE_ADDR) */
	char		*slowlog;	/* "" : slow requests go to the main log */
	int		 request_slowlog_timeout;	/* ms; 0: off */
	int		 process_control_timeout;	/* ms a stop waits; -1: request_timeout */
	int		 log_priority_prefix;	/* <N> before lines on stderr: -1 auto */
	/* Customer care: */
	int		 case_target_days;	/* working days a case may wait (cases.h) */
	/* The network's provisioning (orders/provision.h): */
	char		*provision_command;	/* "" : none, staff complete by hand */
	int		 provision_tries;	/* attempts before an event is given up */
	int		 db_sync_wait;		/* wsrep_sync_wait on reads: -1 auto */
	/* New subscriptions (orders/newsub.c): */
	char		*esim_smdp_address;	/* the SM-DP+ of eSIM codes; "": no eSIM */
	/* Employees: */
	char		*sms_command;	/* "": no SMS leave */
	char		*sso_variable;	/* "": no single sign-on */
	int		 debug_statements;	/* X-Selfcare-Statements on responses */
	/* The partner API (api/door.c): */
	int		 api_rate_limit;	/* requests a key may make a minute */
	int		 api_key_overlap;	/* hours a rotated key lives on */
	/* The partner API's webhooks (api/hub.c): */
	char		*webhook_allow;	/* private addresses callbacks may have */
	int		 webhook_tries;	/* attempts before a delivery is given up */
	int		 webhook_retry;	/* seconds before the first retry, doubled */
	int		 webhook_timeout;	/* seconds a callback may take */
	/* The languages offered (one compiled stylesheet each): */
	char		*languages;	/* "nb da en", blanks or commas between */
	unsigned char	 secret[32];	/* read from secret_key_file by conf_load_secret */
	/* Per key (in the key table's order), the line that set it: 0 not in
	 * the file (the default), negative: that line's value was refused. */
	int		 line[CONF_KEYS_MAX];
};

/*
 * What a check found: every problem, not only the first, each a line of
 * its own ("FILE:LINE: key: why", or "FILE: ..." where no line is to blame).
 * Warnings are kept apart from errors and never make a check fail.
 */
struct conf_msg {
	int	 warning;
	int	 line;		/* for the order of a listing; 0 none */
	char	*text;
};

struct conf_msgs {
	struct conf_msg	*v;
	size_t		 n;
	int		 errors;
	int		 warnings;
};

enum conf_rc {
	CONF_OK = 0,
	CONF_BAD = -1,		/* the messages say what is wrong */
	CONF_NOFILE = -2,	/* the file itself cannot be read */
};

/* Default config path when neither -c nor SELFCARE_CONF is given. */
const char	*conf_default_path(void);

/* Sets the defaults; every string member is heap-allocated afterwards. */
void	 conf_defaults(struct conf *);
/*
 * Parses a whole file's text over c: every line, then the checks between
 * keys. Each problem is added to msgs; CONF_BAD if any was an error.
 * Reading only the text, it is what serve, a reload and check-config share.
 */
int	 conf_parse(struct conf *, const char *text, size_t len,
	    const char *name, struct conf_msgs *);
/* conf_defaults + read the file + conf_parse + the secret key. */
int	 conf_read(struct conf *, const char *path, struct conf_msgs *);
/* conf_read with the errors joined into err ("; "), warnings logged (reload). */
int	 conf_load(struct conf *, const char *path, char *err, size_t errlen);
int	 conf_load_secret(struct conf *, char *err, size_t errlen);
/*
 * What only the running system can say (check-config): directories and
 * files the keys name, their permissions, the group, the sendmail program.
 * inherited: the listening socket comes on fd 0, so listen is not used.
 */
int	 conf_check_system(const struct conf *, const char *path, int inherited,
	    struct conf_msgs *);
void	 conf_free(struct conf *);

/* The line that set key (as in struct conf's line[]). */
int	 conf_line(const struct conf *, const char *key);

/* Adds "NAME:LINE: [warning: ]text" (line 0: "NAME: ..."; <0 as >0). */
void	 conf_say(struct conf_msgs *, int warning, const char *name, int line,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* In the order of the file's lines (those without a line first), stable. */
void	 conf_msgs_sort(struct conf_msgs *);
void	 conf_msgs_free(struct conf_msgs *);

#endif
