/* Building the page document, and the small helpers every handler uses. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/dict.h>

#include "conf.h"
#include "db.h"
#include "page.h"
#include "response.h"
#include "route.h"

static int
field_index(const struct ctx *c, const char *name)
{
	const struct field *decl;
	size_t i;

	if (c->route == NULL)
		return -1;
	decl = c->req->method == METHOD_POST ? c->route->post_fields :
	    c->route->get_fields;
	for (i = 0; decl != NULL && decl[i].name != NULL; i++)
		if (strcmp(decl[i].name, name) == 0)
			return (int)i;
	/* csrf follows the declared fields of a POST (see route.c). */
	if (c->req->method == METHOD_POST && strcmp(name, "csrf") == 0)
		return (int)i;
	return -1;
}

const char *
in_get(const struct ctx *c, const char *name)
{
	int i = field_index(c, name);

	return i < 0 ? NULL : c->in[i].val;
}

int
in_bad(const struct ctx *c, const char *name)
{
	int i = field_index(c, name);

	return i < 0 ? 0 : c->in[i].bad;
}

xmlNodePtr
x_el(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL);

	return xmlAddChild(parent, n);
}

xmlNodePtr
x_text(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n;

	if (text == NULL)
		return NULL;
	n = x_el(parent, name);
	/* A text node, not xmlNewDocNode's content argument, which would parse entities. */
	xmlAddChild(n, xmlNewDocTextLen(parent->doc, BAD_CAST text, (int)strlen(text)));
	return n;
}

void
x_attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

void
x_attr_int(xmlNodePtr n, const char *name, long long v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", v);
	xmlNewProp(n, BAD_CAST name, BAD_CAST num);
}

void
page_begin(struct ctx *c, const char *name)
{
	xmlNodePtr cx, u;

	if (c->doc)
		xmlFreeDoc(c->doc);
	c->doc = xmlNewDoc(BAD_CAST "1.0");
	/* A dictionary shares element names across the document. */
	c->doc->dict = xmlDictCreate();
	c->root = xmlNewDocNode(c->doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(c->doc, c->root);
	x_attr(c->root, "name", name);
	x_attr(c->root, "lang", c->lang);
	cx = x_el(c->root, "context");
	if (c->sess.user_id) {
		u = x_el(cx, "user");
		x_attr_int(u, "id", c->sess.user_id);
		x_text(u, "name", c->sess.user_name);
		x_text(u, "email", c->sess.user_email);
	}
	if (c->sess.id)
		x_text(cx, "csrf", c->sess.csrf);
	/* Error pages echo nothing from the request, the path included. */
	if (strcmp(name, "error") != 0)
		x_text(cx, "path", c->req->path);
}

int
page_redirect(struct ctx *c, const char *path)
{
	snprintf(c->location, sizeof(c->location), "%s", path);
	return 303;
}

int
page_db_status(int rc)
{
	return rc == DB_UNAVAILABLE || rc == DB_RETRY ? 503 : 500;
}

void
page_set_session_cookie(struct ctx *c, const char *token)
{
	resp_cookie(c, c->conf->cookie_secure ? "__Host-sc" : "sc", token, -1, 1);
}

void
page_clear_session_cookie(struct ctx *c)
{
	resp_cookie(c, c->conf->cookie_secure ? "__Host-sc" : "sc", "", 0, 1);
}

void
page_set_cookie(struct ctx *c, const char *name, const char *value, int max_age)
{
	resp_cookie(c, name, value, max_age, 1);
}
