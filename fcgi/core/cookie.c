/* The portal's cookie names; see cookie.h. */
#include "config.h"

#include "core/cookie.h"

const char *
cookie_name(enum cookie which, int secure)
{
	static const char *const names[COOKIE__MAX][2] = {
		[COOKIE_SESSION] = { "sc", "__Host-sc" },
		[COOKIE_CSRF] = { "scf", "__Host-scf" },
		[COOKIE_DEVICE] = { "scd", "__Host-scd" },
		[COOKIE_STAFF] = { "sca", "__Host-sca" },
	};

	return names[which][secure != 0];
}
