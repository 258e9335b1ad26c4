/* The configuration file: `key = value` lines, validated as a whole before use. */
#ifndef SELFCARE_CONF_H
#define SELFCARE_CONF_H

#include <stddef.h>

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
	/* Operation (README "Operation"): */
	char		*status_path;	/* "" : no status page */
	char		*ping_path;	/* "" : no ping page */
	char		*status_allow;	/* who may see them (REMOTE_ADDR) */
	char		*slowlog;	/* "" : slow requests go to the main log */
	int		 request_slowlog_timeout;	/* ms; 0: off */
	int		 process_control_timeout;	/* ms a stop waits; -1: request_timeout */
	int		 log_priority_prefix;	/* <N> before lines on stderr: -1 auto */
	unsigned char	 secret[32];	/* read from secret_key_file by conf_load_secret */
};

/* Default config path when neither -c nor SELFCARE_CONF is given. */
const char	*conf_default_path(void);

/* Sets the defaults; every string member is heap-allocated afterwards. */
void	 conf_defaults(struct conf *);
/* Parses text; on error writes "NAME:LINE: message" into err and returns -1. */
int	 conf_parse(struct conf *, const char *text, size_t len,
	    const char *name, char *err, size_t errlen);
/* conf_defaults + read file + conf_parse + cross-checks + secret key. */
int	 conf_load(struct conf *, const char *path, char *err, size_t errlen);
int	 conf_load_secret(struct conf *, char *err, size_t errlen);
void	 conf_free(struct conf *);

#endif
