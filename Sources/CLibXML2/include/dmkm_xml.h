#ifndef DMKM_XML_H
#define DMKM_XML_H
// A narrow C interface to libxml2 for the extractors. Only stdint types and opaque pointers
// cross it (libxml2's headers pull in ICU's, which must not meet Foundation's in Swift).
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dmkm_xml_document dmkm_xml_document;

/// Node kinds (libxml2's numbering).
enum {
    DMKM_XML_ELEMENT = 1,
    DMKM_XML_TEXT = 3,
    DMKM_XML_CDATA = 4,
    DMKM_XML_ENTITY_REFERENCE = 5,
    DMKM_XML_COMMENT = 8,
};

/// Parses XML (`html` = 0) or HTML (`html` = 1) from memory. Network access, DTD loading and
/// entity substitution are all off, so external entities (XXE) and entity expansion bombs are
/// inert: references stay references and are never fetched or expanded. On failure returns NULL
/// and writes a message (with line number) into `error`.
dmkm_xml_document *dmkm_xml_parse(const char *bytes, int32_t length, int32_t html, char *error, int32_t error_capacity);
void dmkm_xml_free(dmkm_xml_document *document);

/// Tree navigation; nodes are opaque and live as long as their document.
const void *dmkm_xml_root(const dmkm_xml_document *document);
const void *dmkm_xml_first_child(const void *node);
const void *dmkm_xml_next_sibling(const void *node);
int32_t dmkm_xml_node_type(const void *node);
/// Local name (UTF-8, owned by the document) or NULL.
const char *dmkm_xml_node_name(const void *node);
/// Namespace URI (owned by the document) or NULL.
const char *dmkm_xml_node_namespace(const void *node);
/// Text of a text or CDATA node (owned by the document) or NULL.
const char *dmkm_xml_node_text(const void *node);
/// Attribute value by local name (no namespace), newly allocated: release with dmkm_xml_string_free.
char *dmkm_xml_attribute(const void *node, const char *name);
/// Attribute value by local name in a namespace URI.
char *dmkm_xml_attribute_ns(const void *node, const char *name, const char *namespace_uri);
void dmkm_xml_string_free(char *string);

#ifdef __cplusplus
}
#endif
#endif
