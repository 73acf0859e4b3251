// Only here so SwiftPM resolves libthai/libdatrie pkg-config flags; Swift uses CThai instead.
#include <thai/thbrk.h>
#include <datrie/trie.h>
