/*
 * The portal's own cookies. cookie_secure gives each its __Host- name; the
 * request parser keeps only these (and lang), whatever else a browser sends.
 */
#ifndef SELFCARE_COOKIE_H
#define SELFCARE_COOKIE_H

enum cookie {
	COOKIE_SESSION,		/* the session token */
	COOKIE_CSRF,		/* the anonymous CSRF cookie (auth_anon_csrf) */
	COOKIE_DEVICE,		/* a browser known for an address (auth_device_token) */
	COOKIE_STAFF,		/* a staff session of the back office (admin/staff.c) */
	COOKIE__MAX
};

const char	*cookie_name(enum cookie, int secure);

#endif
