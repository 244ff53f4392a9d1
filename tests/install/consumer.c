/* SPDX-License-Identifier: MIT */
/*
 * An outside program: it sees acdroute only as installed (headers under
 * <prefix>/include, the library under <prefix>/lib...).
 */
#include <acdroute/acdroute.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  const char *version = acdr_version();
  const char *msg = acdr_strerror(ACDR_ERR_NOMEM);

  if (version == NULL || strcmp(version, ACDROUTE_VERSION) != 0) {
    fprintf(stderr, "consumer: header says %s, library says %s\n",
            ACDROUTE_VERSION, version ? version : "(null)");
    return 1;
  }
  if (msg == NULL || msg[0] == '\0') {
    fprintf(stderr, "consumer: acdr_strerror gave no message\n");
    return 1;
  }
  printf("consumer: acdroute %s; ACDR_ERR_NOMEM = \"%s\"\n", version, msg);
  return 0;
}
