/*
 * QR codes (libqrencode) for the pages: the back office's TOTP enrolment
 * and a completed eSIM order's activation code.
 */
#ifndef SELFCARE_QR_H
#define SELFCARE_QR_H

struct buf;

/*
 * The QR code of text as an SVG path in unit squares ("M0 0h1v1h-1z…") and
 * its width in modules; -1 if it cannot be encoded. (Pure: libqrencode.)
 */
int	 qr_path(const char *text, struct buf *path, int *width);

#endif
