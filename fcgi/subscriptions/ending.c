/* Why a subscription ends (ending.h). */
#include "config.h"

#include <string.h>

#include "core/ctx.h"
#include "core/page.h"
#include "core/util.h"
#include "core/xml.h"
#include "subscriptions/ending.h"

const char *const end_reasons[] = { "moving", "not-needed", "employee-left", "cost",
	"other", NULL };

/* Characters of UTF-8 s (valid: the request checked it). */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

const char *
end_reason_read(const struct ctx *c, struct end_reason *r, const char **code)
{
	const char *note = in_get(c, "note");
	size_t i;

	r->code = in_get(c, "reason");
	r->note = NULL;
	*code = in_bad(c, "reason") ? "invalid" : "required";
	if (r->code == NULL)
		return "reason";
	*code = "invalid";
	for (i = 0; end_reasons[i] != NULL; i++)
		if (strcmp(end_reasons[i], r->code) == 0)
			break;
	if (end_reasons[i] == NULL)
		return "reason";
	if (in_bad(c, "note"))
		return "note";
	if (note != NULL) {
		note += strspn(note, " \t\r\n");
		if (chars(note) > END_NOTE_MAX) {
			*code = "too-long";
			return "note";
		}
		r->note = *note != '\0' ? note : NULL;
	}
	/* Words of one's own for "other". */
	*code = r->note == NULL && strcmp(r->code, "other") == 0 ? "required" : NULL;
	return *code != NULL ? "note" : NULL;
}

void
end_reason_add(xmlNodePtr parent, const struct end_reason *r)
{
	xmlNodePtr e = r->note ? x_text(parent, "end-reason", r->note) :
	    x_el(parent, "end-reason");

	x_attr(e, "code", r->code);
}
