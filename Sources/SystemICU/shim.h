// Only here so SwiftPM resolves ICU's pkg-config flags; Swift code never imports ICU directly.
#include <unicode/uversion.h>
