/*
 * The yardstick for `make bench`: a bare libfcgi responder that prints a
 * fixed page of a given size. It does no work a page could avoid, so a
 * real page's throughput is reported as a fraction of this one's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

int
main(int argc, char *argv[])
{
	FCGX_Request r;
	size_t size = argc > 1 ? strtoul(argv[1], NULL, 10) : 5000, i;
	char *page;

	if (size < 64 || size > 1 << 20)
		size = 5000;
	page = malloc(size + 1);
	if (page == NULL)
		return 1;
	memcpy(page, "<!DOCTYPE html>\n<html><body><p>", 31);
	for (i = 31; i < size - 16; i++)
		page[i] = 'a' + (char)(i % 26);
	memcpy(page + size - 16, "</p></body></htm", 16);
	page[size] = '\0';
	FCGX_Init();
	FCGX_InitRequest(&r, 0, 0);
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_FPrintF(r.out, "Status: 200 OK\r\nContent-Type: text/html; "
		    "charset=utf-8\r\n\r\n");
		FCGX_PutStr(page, (int)size, r.out);
		FCGX_Finish_r(&r);
	}
	free(page);
	return 0;
}
