#ifndef TUPU_CGRAPHVIZ_SHIM_H
#define TUPU_CGRAPHVIZ_SHIM_H
#include <graphviz/gvc.h>
#endif
