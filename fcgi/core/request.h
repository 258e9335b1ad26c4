/* The request as the rest of the code sees it: decoded, bounded, typed. */
#ifndef SELFCARE_REQUEST_H
#define SELFCARE_REQUEST_H

#include <stddef.h>
#include <time.h>

/* Limits on what a client may send; over them the request is refused. */
#define REQ_MAX_PATH	1024
#define REQ_MAX_QUERY	4096
#define REQ_MAX_COOKIES	16	/* of ours kept; any other cookie is skipped */
#define REQ_MAX_BODY	(64 * 1024)
#define REQ_MAX_FIELDS	64
/* A route that takes files (R_UPLOAD): the body, and the files in it. */
#define REQ_MAX_UPLOAD	(1024 * 1024)
/* The partner API's usage batch (R_MEDIATION): 10 000 records. */
#define REQ_MAX_BULK	(4 * 1024 * 1024)
#define REQ_MAX_FILES	4

enum method {
	METHOD_GET = 1,
	METHOD_HEAD = 2,
	METHOD_POST = 4,
	METHOD_OTHER = 8,
	METHOD_DELETE = 16,	/* the partner API's (R_DELETE); a 405 elsewhere */
};

struct kv {
	char	*key;
	char	*val;
	size_t	 vlen;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
};

/* A file of a multipart/form-data body: its field, the name the client
 * gave it (as sent; may be empty) and its bytes, not checked in any way. */
struct upload {
	char	*field;
	char	*filename;
	char	*data;		/* NUL-terminated for convenience */
	size_t	 len;
};

struct uploads {
	struct upload	*v;
	size_t		 n;
};

/* Parse errors, mapped to HTTP statuses by the caller. */
enum req_err {
	REQ_OK = 0,
	REQ_MALFORMED = -1,	/* 400 */
	REQ_TOO_LARGE = -2,	/* 413 */
};

struct request {
	enum method	 method;
	char		*path;		/* percent-decoded, without a .xml suffix */
	int		 want_xml;	/* .xml suffix or Accept: application/xml */
	struct kvlist	 query;
	struct kvlist	 form;
	struct kvlist	 cookies;
	struct uploads	 files;		/* an R_UPLOAD route's POST only */
	const char	*origin;
	const char	*host;		/* the Host header, as the client sent it */
	const char	*remote_addr;
	char		**envp;		/* every parameter, for a server variable (sso) */
	/* The partner API's headers (api/door.c). */
	const char	*accept;
	const char	*authorization;
	const char	*if_none_match;
	const char	*content_type;
	const char	*idempotency_key;
	const char	*if_match;
	char		*body;		/* a POST's raw body under /api/ (NUL-terminated) */
	size_t		 body_len;
	char		 id[17];	/* random request id for the log */
	struct timespec	 start;
};

/* application/x-www-form-urlencoded: '&'-separated, '+' is a space. */
int	 kv_parse_query(struct kvlist *, const char *, size_t);
/* multipart/form-data (RFC 7578) with content type ct: text fields only. */
int	 kv_parse_multipart(struct kvlist *, const char *ct, const char *, size_t);
/* The same with files (a part with a filename, of any content type) into
 * files, at most REQ_MAX_FILES; files NULL: a file is malformed input. */
int	 multipart_parse(struct kvlist *, struct uploads *files, const char *ct,
	    const char *, size_t);
/* The first file sent as field, or NULL. */
const struct upload *upload_get(const struct uploads *, const char *field);
void	 uploads_free(struct uploads *);
/* Cookie header: "; "-separated name=value, no decoding; keeps only the
 * portal's own cookies (at most REQ_MAX_COOKIES), never fails. */
int	 kv_parse_cookies(struct kvlist *, const char *, size_t);
/* Percent-decodes len bytes of src into dst (room for len+1); -1 on a bad escape or NUL. */
int	 pct_decode(char *dst, const char *src, size_t len, int plus_space, size_t *outlen);
/* Decodes and normalises a request path; -1 if it is not a clean absolute path. */
int	 path_clean(const char *raw, size_t len, char **out);
/* Whether an Accept header prefers XML over HTML. */
int	 accept_wants_xml(const char *);

const char	*kv_get(const struct kvlist *, const char *);
size_t		 kv_count(const struct kvlist *, const char *);
void		 kv_free(struct kvlist *);

/* Whether a POST to path may carry files (a route's R_UPLOAD: 1) or a
 * usage batch (R_MEDIATION: REQ_BULK): set by the server once the routes
 * are known; NULL: none may. */
#define REQ_BULK	2
extern int	(*req_upload_path)(const char *path);

/* Fills the request from CGI-style parameters (envp) and the body stream. */
struct FCGX_Stream;
int	 req_parse(struct request *, char **envp, struct FCGX_Stream *in);
void	 req_free(struct request *);

#endif
