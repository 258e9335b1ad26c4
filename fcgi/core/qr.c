/* QR codes as SVG paths; see qr.h. */
#include "config.h"

#include <stddef.h>

#include <qrencode.h>

#include "core/qr.h"
#include "core/util.h"

int
qr_path(const char *text, struct buf *path, int *width)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int x, y;

	if (qr == NULL)
		return -1;
	*width = qr->width;
	buf_add(path, NULL, 0);
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)	/* a dark module */
				buf_printf(path, "M%d %dh1v1h-1z", x, y);
	QRcode_free(qr);
	return 0;
}
