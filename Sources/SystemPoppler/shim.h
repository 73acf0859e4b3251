// Only here so SwiftPM resolves poppler-cpp's pkg-config flags; Swift uses CPoppler instead.
#include <poppler/cpp/poppler-version.h>
