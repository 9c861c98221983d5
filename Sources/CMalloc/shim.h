// glibc's malloc extensions (malloc_trim), to give freed memory back to the system.
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif
