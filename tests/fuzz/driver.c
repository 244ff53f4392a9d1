/* SPDX-License-Identifier: MIT */
/* Replays fuzz corpora without libFuzzer (zstd's regression driver idea):
 * every file given on the command line (or every file in a directory) is
 * fed to LLVMFuzzerTestOneInput once.  Used as a ctest case so the corpus
 * and every crash input found become regression tests. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  long n;
  uint8_t *buf;
  if (!f) {
    perror(path);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc(n > 0 ? (size_t)n : 1);
  if (!buf || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
    fclose(f);
    free(buf);
    return 1;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(buf, (size_t)n);
  free(buf);
  return 0;
}

static int run_path(const char *path, int *count) {
  struct stat st;
  if (stat(path, &st) != 0) {
    perror(path);
    return 1;
  }
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    struct dirent *de;
    int rv = 0;
    if (!d) return 1;
    while ((de = readdir(d)) != NULL) {
      char sub[4096];
      if (de->d_name[0] == '.') continue;
      snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
      rv |= run_path(sub, count);
    }
    closedir(d);
    return rv;
  }
  (*count)++;
  return run_file(path);
}

int main(int argc, char **argv) {
  int i, rv = 0, count = 0;
  for (i = 1; i < argc; i++) rv |= run_path(argv[i], &count);
  printf("%d inputs replayed\n", count);
  return rv;
}
