/*
 * The configuration file parser: conf_defaults + conf_parse on the bytes,
 * then conf_free. Whatever the bytes, every key stays in range and every
 * message is one line naming the file.
 */
#include "config.h"

#include "core/conf.h"
#include "fuzz.h"

static void
check_conf(const struct conf *c)
{
	const char *const strs[] = {
		c->listen, c->listen_group, c->db_socket, c->db_host, c->db_name,
		c->db_user, c->db_password, c->xsl_dir, c->schema_dir,
		c->secret_key_file, c->sendmail, c->mail_from, c->base_url,
		c->default_lang, c->log_file, c->status_path, c->ping_path,
		c->status_allow, c->slowlog,
	};
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		CHECK(strs[i] != NULL && strlen(strs[i]) <= 1024);
	CHECK(strlen(c->listen) >= 1 && strlen(c->listen) <= 107);
	CHECK(strlen(c->db_socket) <= 107);
	CHECK(c->listen_mode <= 0777);
	CHECK(c->workers >= 1 && c->workers <= 256);
	CHECK(c->max_requests >= 1);
	CHECK(c->request_timeout >= 1 && c->request_timeout <= 3600);
	CHECK(c->db_port >= 1 && c->db_port <= 65535);
	CHECK(c->mail_interval >= 0 && c->mail_interval <= 86400);
	CHECK(c->cookie_secure == 0 || c->cookie_secure == 1);
	CHECK(c->status_path[0] == '\0' || c->status_path[0] == '/');
	CHECK(c->ping_path[0] == '\0' || c->ping_path[0] == '/');
	CHECK(c->request_slowlog_timeout >= 0 && c->request_slowlog_timeout <= 3600000);
	CHECK(c->process_control_timeout >= -1 && c->process_control_timeout <= 3600000);
	CHECK(c->log_priority_prefix >= -1 && c->log_priority_prefix <= 1);
	CHECK(!strcmp(c->default_lang, "nb") || !strcmp(c->default_lang, "da") ||
	    !strcmp(c->default_lang, "en"));
	CHECK(strlen(c->base_url) >= 8 && strlen(c->mail_from) >= 3);
	CHECK(*c->db_name && *c->db_user && *c->xsl_dir && *c->schema_dir &&
	    *c->secret_key_file && *c->sendmail);
	/* Values are trimmed: no surrounding blanks, no line ends. */
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		size_t n = strlen(strs[i]);

		CHECK(strpbrk(strs[i], "\n") == NULL);
		CHECK(n == 0 || (strs[i][0] != ' ' && strs[i][0] != '\t' &&
		    strs[i][n - 1] != ' ' && strs[i][n - 1] != '\t' &&
		    strs[i][n - 1] != '\r'));
	}
}

/* Every message is one line naming the file; the counts add up. */
static void
check_msgs(const struct conf_msgs *m, int rc)
{
	size_t i;
	int errors = 0;

	CHECK((size_t)(m->errors + m->warnings) == m->n);
	for (i = 0; i < m->n; i++) {
		CHECK(m->v[i].text != NULL);
		CHECK(strncmp(m->v[i].text, "fuzz.conf:", 10) == 0);
		CHECK(strchr(m->v[i].text, '\n') == NULL);	/* one line on stderr */
		CHECK(m->v[i].line >= 0);
		errors += !m->v[i].warning;
	}
	CHECK(errors == m->errors);
	CHECK((rc == CONF_BAD) == (m->errors > 0));
	CHECK(rc == CONF_OK || rc == CONF_BAD);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf c;
	struct conf_msgs m = { 0 }, again = { 0 };
	char *text = fuzz_memdup(data, size);
	size_t i;
	int rc;

	conf_defaults(&c);
	check_conf(&c);
	rc = conf_parse(&c, text, size, "fuzz.conf", &m);
	check_msgs(&m, rc);
	/* Whatever was refused, the values in place are in range and freeable. */
	check_conf(&c);
	for (i = 0; i < CONF_KEYS_MAX; i++)
		CHECK(c.line[i] >= -(int)size && c.line[i] <= (int)size + 1);
	if (rc == CONF_OK) {
		/* Parsing the same text again over the result is the same. */
		CHECK(conf_parse(&c, text, size, "fuzz.conf", &again) == CONF_OK);
		CHECK(again.n == m.n);
		check_conf(&c);
	}
	conf_msgs_free(&m);
	conf_msgs_free(&again);
	CHECK(m.v == NULL && m.n == 0);
	conf_free(&c);
	CHECK(c.listen == NULL && c.base_url == NULL && c.log_file == NULL);
	free(text);
	return 0;
}
