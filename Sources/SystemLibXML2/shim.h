// Only here so SwiftPM resolves libxml2's pkg-config flags; Swift uses CLibXML2 instead.
#include <libxml/xmlversion.h>
