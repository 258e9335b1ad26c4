/*
 * The FastCGI server: a supervisor that owns the listening socket and keeps
 * N single-threaded workers (plus one mail deliverer) running, after
 * php-fpm: respawn on crash, recycle after max_requests, a per-request time
 * limit, graceful stop on SIGTERM, reload of config and stylesheets on SIGHUP.
 */
#ifndef SELFCARE_SERVER_H
#define SELFCARE_SERVER_H

struct conf;

/* Runs until SIGTERM/SIGINT; conf_path is re-read on SIGHUP. Returns an exit code. */
int	 server_run(const char *conf_path, struct conf *);
/* Whether fd 0 is a listening socket handed over (systemd, spawn-fcgi). */
int	 server_inherited(void);

#endif
