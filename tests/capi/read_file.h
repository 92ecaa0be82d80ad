/* A whole file read into a NUL-terminated buffer (freed with free), for the C
 * ABI tests; NULL when it cannot be opened. Shared by test_capi.c and
 * test_capi_threads.c. */
#ifndef KEHOACH_TESTS_READ_FILE_H
#define KEHOACH_TESTS_READ_FILE_H

#include <stdio.h>
#include <stdlib.h>

static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  char* buffer;
  long size;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  buffer = (char*)malloc((size_t)size + 1);
  if (fread(buffer, 1, (size_t)size, f) != (size_t)size) size = 0;
  buffer[size] = '\0';
  fclose(f);
  *len = (size_t)size;
  return buffer;
}

#endif
