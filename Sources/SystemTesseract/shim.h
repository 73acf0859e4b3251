// Only here so SwiftPM resolves tesseract's pkg-config flags; Swift uses CTesseract instead.
#include <tesseract/version.h>
